import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3 } from '../../src/lib/murmur3.js';
import { SEED } from '../measure/seed.js';

/** Slow reference: MurmurHash3_x86_32 over the bytes TextEncoder produces. */
function referenceMurmur3(text: string, seed: number): number {
  const bytes = new TextEncoder().encode(text);
  const mul = (a: number, b: number): number => Number((BigInt(a >>> 0) * BigInt(b >>> 0)) % 4294967296n);
  const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
  let h = seed >>> 0;
  const blocks = Math.floor(bytes.length / 4);
  for (let i = 0; i < blocks; i++) {
    let k = (bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24)) >>> 0;
    k = mul(rotl(mul(k, 0xcc9e2d51), 15), 0x1b873593);
    h = (rotl((h ^ k) >>> 0, 13) * 5 + 0xe6546b64) % 4294967296;
  }
  let k = 0;
  const tail = bytes.length & 3;
  for (let j = tail - 1; j >= 0; j--) k = (k << 8) | bytes[blocks * 4 + j];
  if (tail > 0) h = (h ^ mul(rotl(mul(k >>> 0, 0xcc9e2d51), 15), 0x1b873593)) >>> 0;
  h = (h ^ bytes.length) >>> 0;
  h = mul(h ^ (h >>> 16), 0x85ebca6b);
  h = mul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

describe('murmur3', () => {
  // published vectors of MurmurHash3_x86_32 (e.g. the Go spaolacci/murmur3 test table, Python mmh3)
  const vectors: [number, number, string][] = [
    [0x00, 0x00000000, ''],
    [0x00, 0x248bfa47, 'hello'],
    [0x00, 0x149bbb7f, 'hello, world'],
    [0x00, 0xe31e8a70, '19 Jan 2038 at 3:14:07 AM'],
    [0x00, 0xd5c48bfc, 'The quick brown fox jumps over the lazy dog.'],
    [0x01, 0x514e28b7, ''],
    [0x01, 0xbb4abcad, 'hello'],
    [0x01, 0x6f5cb2e9, 'hello, world'],
    [0x01, 0xf50e1f30, '19 Jan 2038 at 3:14:07 AM'],
    [0x01, 0x846f6a36, 'The quick brown fox jumps over the lazy dog.'],
    [0x2a, 0x087fcd5c, ''],
    [0x2a, 0xe2dbd2e1, 'hello'],
    [0x2a, 0x7ec7c6c2, 'hello, world'],
    [0x2a, 0x58f745f6, '19 Jan 2038 at 3:14:07 AM'],
    [0x2a, 0xc02d1434, 'The quick brown fox jumps over the lazy dog.'],
  ];
  it('murmur3(text, seed) matches the published reference vectors', () => {
    for (const [seed, expected, text] of vectors) {
      expect(murmur3(text, seed), JSON.stringify(text)).toBe(expected);
      expect(referenceMurmur3(text, seed), `reference ${JSON.stringify(text)}`).toBe(expected);
    }
  });

  it('murmur3(text, seed) equals the byte-wise reference over TextEncoder UTF-8 for any UTF-16 string', () => {
    const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 24 }).map((a) => String.fromCharCode(...a));
    // any code point, astral ones as surrogate pairs (fc.string({ unit: 'binary' }) is 100x slower)
    const codePoints = fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 12 }).map((a) => String.fromCodePoint(...a));
    fc.assert(
      fc.property(fc.oneof(codeUnits, codePoints, fc.string({ maxLength: 24 })), fc.integer(), (text, seed) => {
        expect(murmur3(text, seed)).toBe(referenceMurmur3(text, seed));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('murmur3(text, seed) hashes non-ASCII ids as their UTF-8 bytes', () => {
    for (const text of ['Zoë', '客户-001', '😀', '\ud800x']) expect(murmur3(text, 7)).toBe(referenceMurmur3(text, 7));
  });
});
