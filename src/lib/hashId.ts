import { murmur3 } from './murmur3.js';

const TWO_POW_32 = 4294967296;

// One-entry cache: callers hash many ids with the same salt, so the salt's seed is computed once.
let cachedSalt: string | undefined;
let cachedSeed = 0;

/**
 * The 32-bit seed offerkit derives from a salt: `murmur3(salt, 0)`.
 *
 * @example
 * saltSeed('spring-2025#7'); // an integer in 0..2^32-1
 *
 * Cost: O(length of salt).
 */
export function saltSeed(salt: string): number {
  if (salt !== cachedSalt) {
    cachedSeed = murmur3(salt, 0);
    cachedSalt = salt;
  }
  return cachedSeed;
}

/**
 * A uniform number in `[0, 1)` from a customer id and a salt: `murmur3(id, murmur3(salt, 0)) / 2^32`
 * over UTF-8 bytes. It depends only on `id` and `salt`, never on which other ids exist, so cell
 * assignment and sharding stay stable when customers join or leave. Resolution is 2^-32.
 *
 * Reproducible elsewhere, e.g. Python:
 * `mmh3.hash(id, mmh3.hash(salt, 0, signed=False), signed=False) / 2**32`.
 *
 * @param id - Customer (or any) id.
 * @param salt - Salt; different salts give independent values for the same id.
 * @returns A number in `[0, 1)`.
 *
 * @example
 * hashId('C0001', 'spring-2025#7'); // e.g. 0.4172…, always the same for these two strings
 *
 * Cost: O(length of id); the salt's seed is cached between calls with the same salt.
 */
export function hashId(id: string, salt: string): number {
  return murmur3(id, saltSeed(salt)) / TWO_POW_32;
}

/**
 * The shard (`0..n-1`) of an id: `floor(hashId(id, salt) * n)`, so shards get equal shares of ids
 * and an id keeps its shard while others join. Use a salt different from the cell salt (e.g.
 * `` `${salt}:shard` ``) so shards are not correlated with holdout/control membership.
 *
 * @param id - Customer id.
 * @param salt - Sharding salt.
 * @param n - Number of shards, an integer in `1..2^32`.
 * @returns The shard index.
 * @throws RangeError when `n` is not an integer in `1..2^32`.
 *
 * @example
 * shardOf('C0001', 'run-1:shard', 4); // 0, 1, 2 or 3
 *
 * Cost: O(length of id).
 */
export function shardOf(id: string, salt: string, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
    throw new RangeError(`shardOf: n must be an integer in 1..2^32, got ${n}`);
  }
  return Math.floor((murmur3(id, saltSeed(salt)) * n) / TWO_POW_32);
}
