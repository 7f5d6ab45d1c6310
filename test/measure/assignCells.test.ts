import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignCells, campaignSalt, Cell, cellOf } from '../../src/measure/assignCells.js';
import { hashId } from '../../src/lib/hashId.js';
import { SEED } from './seed.js';

const seqIds = (n: number, prefix = 'C'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(7, '0')}`);

/** Counts of each cell. */
function counts(cells: Uint8Array): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  for (const x of cells) c[x]++;
  return c;
}

/** |observed - expected| in binomial standard deviations. */
function sigmas(observed: number, n: number, p: number): number {
  return Math.abs(observed - n * p) / Math.sqrt(n * p * (1 - p));
}

describe('assignCells', () => {
  it('assignCells(ids, { holdoutShare, controlShare }) hits the shares within binomial noise', () => {
    const ids = seqIds(100_000);
    const [h, c, t] = counts(assignCells(ids, { holdoutShare: 0.1, controlShare: 0.05, salt: 'spring#7' }));
    expect(sigmas(h, ids.length, 0.1)).toBeLessThan(4.5);
    expect(sigmas(c, ids.length, 0.05)).toBeLessThan(4.5);
    expect(h + c + t).toBe(ids.length);
  });

  it('assignCells(ids) follows the hashId thresholds: holdout below holdoutShare, control from 1 - controlShare', () => {
    const opts = { holdoutShare: 0.2, controlShare: 0.3, salt: 'x' };
    const ids = seqIds(5000);
    const cells = assignCells(ids, opts);
    const expected = ids.map((id) => {
      const u = hashId(id, 'x');
      return u < 0.2 ? Cell.holdout : u >= 0.7 ? Cell.control : Cell.targeted;
    });
    expect(Array.from(cells)).toEqual(expected);
    expect(ids.map((id) => cellOf(id, opts))).toEqual(expected);
  });

  it('assignCells(old ∪ newcomers) keeps every old customer in its cell and takes the same share of newcomers', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 300 }),
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 300 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.string(),
        (old, extra, holdoutShare, controlShare, salt) => {
          const opts = { holdoutShare, controlShare, salt };
          const before = assignCells(old, opts);
          const all = [...extra, ...old]; // newcomers first: positions shift, cells must not
          const after = assignCells(all, opts);
          old.forEach((_, i) => expect(after[extra.length + i]).toBe(before[i]));
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
    // newcomers (a disjoint id range) get the same holdout share as the original base
    const base = assignCells(seqIds(50_000, 'A'), { holdoutShare: 0.1, salt: 'persistent' });
    const newcomers = assignCells(seqIds(50_000, 'B'), { holdoutShare: 0.1, salt: 'persistent' });
    expect(sigmas(counts(base)[0], 50_000, 0.1)).toBeLessThan(4.5);
    expect(sigmas(counts(newcomers)[0], 50_000, 0.1)).toBeLessThan(4.5);
  });

  it('assignCells(ids) only adds holdout members when holdoutShare grows, and control members when controlShare grows', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 10 }), { maxLength: 200 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (ids, h, c, grow) => {
          const before = assignCells(ids, { holdoutShare: h, controlShare: c, salt: 's' });
          const moreHoldout = assignCells(ids, { holdoutShare: Math.min(h + grow, 1 - c), controlShare: c, salt: 's' });
          const moreControl = assignCells(ids, { holdoutShare: h, controlShare: Math.min(c + grow, 1 - h), salt: 's' });
          for (let i = 0; i < ids.length; i++) {
            if (before[i] === Cell.holdout) expect(moreHoldout[i]).toBe(Cell.holdout);
            if (before[i] === Cell.control) expect(moreHoldout[i]).toBe(Cell.control);
            if (before[i] === Cell.control) expect(moreControl[i]).toBe(Cell.control);
            if (before[i] === Cell.holdout) expect(moreControl[i]).toBe(Cell.holdout);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('assignCells(ids) with different salts gives independent splits', () => {
    const ids = seqIds(100_000);
    const a = assignCells(ids, { holdoutShare: 0.2, controlShare: 0, salt: campaignSalt({ name: 'spring', seed: 1 }) });
    const b = assignCells(ids, { holdoutShare: 0.2, controlShare: 0, salt: campaignSalt({ name: 'spring', seed: 2 }) });
    let both = 0;
    for (let i = 0; i < ids.length; i++) if (a[i] === Cell.holdout && b[i] === Cell.holdout) both++;
    expect(sigmas(both, ids.length, 0.04)).toBeLessThan(4.5);
  });

  it('assignCells(ids) uses the config-default salt, handles shares 0 and 1, and does not mutate ids', () => {
    const ids = Object.freeze(seqIds(1000));
    expect(assignCells(ids)).toEqual(assignCells(ids, { salt: 'campaign#1', holdoutShare: 0.05, controlShare: 0.05 }));
    expect(counts(assignCells(ids, { holdoutShare: 0, controlShare: 0 }))).toEqual([0, 0, 1000]);
    expect(counts(assignCells(ids, { holdoutShare: 1, controlShare: 0 }))).toEqual([1000, 0, 0]);
    expect(counts(assignCells(ids, { holdoutShare: 0, controlShare: 1 }))).toEqual([0, 1000, 0]);
    expect(assignCells([])).toEqual(new Uint8Array(0));
  });

  it('assignCells(ids, options) rejects bad shares with RangeError and non-string ids with TypeError', () => {
    expect(() => assignCells(['a'], { holdoutShare: -0.1 })).toThrow(RangeError);
    expect(() => assignCells(['a'], { controlShare: 1.5 })).toThrow(RangeError);
    expect(() => assignCells(['a'], { holdoutShare: Number.NaN })).toThrow(RangeError);
    expect(() => assignCells(['a'], { holdoutShare: 0.6, controlShare: 0.6 })).toThrow(/at most 1/);
    expect(() => assignCells([1 as unknown as string])).toThrow(TypeError);
  });
});
