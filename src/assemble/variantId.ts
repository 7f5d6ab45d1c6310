import * as crypto from 'node:crypto';

/** Version tag of the canonical serialisation; bump it only with a migration note, as it changes every id. */
const VARIANT_FORMAT = 'offerkit-variant-v1';

// One-shot crypto.hash (Node >= 20.12) skips the Hash object; same digest, several times cheaper per call.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/**
 * The content-hash id of a mailer variant: the first 16 hex digits of the sha256 of the canonical
 * serialisation `JSON.stringify(['offerkit-variant-v1', layoutId, creative, offerIds])`. Offer ids are
 * the strings, never interned indices, so shards that interned offers in another order still agree.
 *
 * Cost: O(total length of the ids).
 *
 * @example
 * variantId(['O1', 'O7'], 'layout-a', 'standard'); // 16 hex digits, same on every machine
 */
export function variantId(offerIds: readonly string[], layoutId: string, creative: string): string {
  const text = JSON.stringify([VARIANT_FORMAT, layoutId, creative, offerIds]);
  return (oneShot === undefined ? crypto.createHash('sha256').update(text).digest('hex') : oneShot('sha256', text, 'hex')).slice(0, 16);
}
