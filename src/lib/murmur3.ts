/**
 * MurmurHash3 (x86, 32-bit) of the UTF-8 bytes of `text`, as an unsigned 32-bit integer.
 *
 * Encodes UTF-8 on the fly from UTF-16 code units (no `TextEncoder`, no allocation); a lone
 * surrogate is hashed as U+FFFD, exactly as `TextEncoder` would encode it. The result equals the
 * reference implementation (Python `mmh3.hash(text, seed, signed=False)`, Go
 * `murmur3.Sum32WithSeed`), so other systems (SQL, the mail house) can reproduce offerkit's cells.
 *
 * @param text - String to hash.
 * @param seed - 32-bit seed (taken modulo 2^32).
 * @returns Hash in `0..2^32-1`.
 *
 * @example
 * murmur3('hello', 0); // 0x248bfa47
 *
 * Cost: O(length of text); about 55 ns for a 10-character id on the 2-core machine at light load.
 */
export function murmur3(text: string, seed: number): number {
  let h = seed | 0;
  let k = 0; // bytes waiting to form a 4-byte block, little-endian
  let shift = 0; // bits held in k (0, 8, 16, 24)
  let byteLength = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    let packed: number; // up to 4 UTF-8 bytes, first byte lowest
    let count: number;
    if (c < 0x80) {
      packed = c;
      count = 1;
    } else if (c < 0x800) {
      packed = (0xc0 | (c >>> 6)) | ((0x80 | (c & 63)) << 8);
      count = 2;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        i++;
        packed =
          (0xf0 | (cp >>> 18)) |
          ((0x80 | ((cp >>> 12) & 63)) << 8) |
          ((0x80 | ((cp >>> 6) & 63)) << 16) |
          ((0x80 | (cp & 63)) << 24);
        count = 4;
      } else {
        c = 0xfffd; // lone surrogate: TextEncoder writes the replacement character
        packed = (0xe0 | (c >>> 12)) | ((0x80 | ((c >>> 6) & 63)) << 8) | ((0x80 | (c & 63)) << 16);
        count = 3;
      }
    } else {
      packed = (0xe0 | (c >>> 12)) | ((0x80 | ((c >>> 6) & 63)) << 8) | ((0x80 | (c & 63)) << 16);
      count = 3;
    }
    byteLength += count;
    for (let b = 0; b < count; b++) {
      k |= ((packed >>> (b << 3)) & 0xff) << shift;
      shift += 8;
      if (shift === 32) {
        // Math.imul keeps the 32-bit wrap-around multiply of the C reference
        k = Math.imul(k, 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        k = Math.imul(k, 0x1b873593);
        h ^= k;
        h = (h << 13) | (h >>> 19);
        h = (Math.imul(h, 5) + 0xe6546b64) | 0;
        k = 0;
        shift = 0;
      }
    }
  }
  if (shift !== 0) {
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  return fmix32(h ^ byteLength) >>> 0;
}

/**
 * MurmurHash3's finalizer: spreads every input bit over the 32-bit lane (full avalanche).
 * @example fmix32(1) // a signed 32-bit integer
 * Cost: O(1).
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
