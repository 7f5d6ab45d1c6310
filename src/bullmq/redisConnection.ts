import { Redis, type RedisOptions } from 'ioredis';

/**
 * An ioredis client for BullMQ from a `redis://` URL, with `maxRetriesPerRequest: null` (BullMQ
 * workers require it: a blocking call must wait out a Redis restart, not fail). BullMQ's ESM build
 * cannot load ioredis from plain connection options, so offerkit passes it a client. BullMQ never
 * closes a client it was given: call `quit()` when done.
 *
 * @example
 * const redis = redisConnection('redis://127.0.0.1:6379');
 * const worker = startWorker(redis, { concurrency: 1 });
 *
 * Cost: O(1); connects lazily in the background.
 */
export function redisConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { ...options, maxRetriesPerRequest: null });
}
