import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerFlag } from '../../src/ingest/index.js';
import { enforceKAnonymity } from '../../src/protect/enforceKAnonymity.js';
import { maskSensitive, boundMet } from '../../src/protect/maskSensitive.js';
import { PlacementReason, type MailerPlan } from '../../src/select/mailerPlan.js';
import { clonePlan, config, handProfiles, makeWorld, randomPlan, rowOf, samePlan, slowSensitive } from './fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
console.log(`enforceKAnonymity properties: fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);

const targeted = (r: number): boolean => r === PlacementReason.targeted || r === PlacementReason.discovery;
const variantSizes = (p: MailerPlan): Map<string, number> => {
  const m = new Map<string, number>();
  for (let c = 0; c < p.customerCount; c++) {
    if (p.count[c] === 0) continue;
    const key = rowOf(p, c).map((e) => e.offer).join(',');
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
};

describe('enforceKAnonymity', () => {
  it('enforceKAnonymity(plan, k) leaves every variant with >= k customers and keeps the sensitive-offer rules', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          world: fc.integer({ min: 1, max: 1_000_000 }),
          plan: fc.integer({ min: 1, max: 1_000_000 }),
          customers: fc.integer({ min: 5, max: 60 }),
          k: fc.integer({ min: 1, max: 8 }),
          stride: fc.integer({ min: 1, max: 4 }),
          tau: fc.constantFrom(0.3, 0.5, 1),
          allowCover: fc.boolean(),
        }),
        async (s) => {
          const data = await makeWorld(s.world, { customers: s.customers });
          const profiles = handProfiles(data);
          const cfg = config({ seed: s.plan, genericOffers: ['g0', 'g1'], privacy: { tau: s.tau, decoys: 2, allowCover: s.allowCover } });
          const masked = maskSensitive(randomPlan(data, s.plan, s.stride), data, profiles, cfg).plan;
          const before = clonePlan(masked);
          const res = enforceKAnonymity(masked, s.k, { data, privacy: cfg.privacy });
          expect(samePlan(masked, before)).toBe(true);
          const sizes = variantSizes(res.plan);
          for (const [key, size] of sizes) expect(size, `variant ${key}`).toBeGreaterThanOrEqual(s.k);
          expect(res.variants).toBe(sizes.size);
          // value lost = plan value before - after (gained entries carry value 0; slow reference)
          const total = (p: MailerPlan) => Array.from({ length: p.customerCount }, (_, c) => rowOf(p, c).reduce((a, e) => a + e.value, 0)).reduce((a, b) => a + b, 0);
          expect(res.valueLost).toBeCloseTo(total(masked) - total(res.plan), 3);
          // sensitive-offer rules, consent and opt-out re-checked on the result
          const sensitive = slowSensitive(data, []);
          for (let c = 0; c < res.plan.customerCount; c++) {
            const row = rowOf(res.plan, c);
            const f = data.customers.flags[c]!;
            const sens = row.filter((e) => sensitive[e.offer]);
            if (sens.length > 0) {
              expect(sensitive[row[0]!.offer]).toBe(false);
              const depts = new Set(sens.map((e) => data.offers.department[e.offer]));
              expect(row.filter((e) => !sensitive[e.offer] && !depts.has(data.offers.department[e.offer]!)).length).toBeGreaterThanOrEqual(2);
            }
            if ((f & CustomerFlag.consentSensitive) === 0) expect(sens.some((e) => targeted(e.reason))).toBe(false);
            if ((f & CustomerFlag.consentSensitive) === 0 && !s.allowCover) expect(sens.some((e) => e.reason === PlacementReason.cover)).toBe(false);
            if ((f & CustomerFlag.profilingOptOut) !== 0) expect(row.some((e) => targeted(e.reason) || e.reason === PlacementReason.cover)).toBe(false);
          }
          // tau: every sensitive offer meets the bound on the result (plain recount), with or without generic moves
          expect(res.boundBroken).toEqual([]);
          for (let o = 0; o < sensitive.length; o++) {
            if (!sensitive[o]) continue;
            let seg = 0;
            let rec = 0;
            for (let c = 0; c < res.plan.customerCount; c++) for (const e of rowOf(res.plan, c)) if (e.offer === o) { rec++; if (targeted(e.reason)) seg++; }
            expect(boundMet(seg, rec, s.tau)).toBe(true);
          }
          // customersMoved counts each changed mailer once (plain row comparison)
          let changed = 0;
          for (let c = 0; c < masked.customerCount; c++) if (JSON.stringify(rowOf(masked, c)) !== JSON.stringify(rowOf(res.plan, c))) changed++;
          expect(res.customersMoved).toBeGreaterThanOrEqual(changed);
          expect(res.customersMoved).toBeLessThanOrEqual(masked.customerCount);
          // k = 1 changes nothing
          if (s.k === 1) expect(samePlan(res.plan, masked) && res.customersMoved === 0).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 50 },
    );
  });

  it('enforceKAnonymity(plan, 2) merges a singleton into the variant it shares most offers with', () => {
    // offers 0..4; variants: [0,1,2] x3, [0,3,4] x3, [0,1,4] x1 (shares 2 with the first, 2 with the second; least value lost decides)
    const rows = [[0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 3, 4], [0, 3, 4], [0, 3, 4], [0, 1, 4]];
    const values = [[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1], [5, 5, 0.5]];
    const n = rows.length;
    const plan: MailerPlan = {
      customerCount: n,
      stride: 3,
      offer: Int32Array.from(rows.flat()),
      value: Float32Array.from(values.flat()),
      reason: new Uint8Array(n * 3),
      propensity: new Float32Array(n * 3),
      count: new Int32Array(n).fill(3),
    };
    const res = enforceKAnonymity(plan, 2);
    // to [0,1,2] it loses offer 4 (0.5); to [0,3,4] it loses offer 1 (5): the first wins
    expect(rowOf(res.plan, 6).map((e) => e.offer)).toEqual([0, 1, 2]);
    expect(res.valueLost).toBeCloseTo(0.5, 6);
    expect(res.merged).toBe(1);
    // kept offers keep their own value; the gained one is 0
    expect(rowOf(res.plan, 6).map((e) => e.value)).toEqual([5, 5, 0]);
  });

  // A small variant holding the only cover of a sensitive offer can merge nowhere (eligibility) and goes
  // to the generic mailer, which alone would leave P(in segment | received) = 3 / 3 above tau = 0.6.
  async function tauCase(genericMayTakeSensitive: boolean) {
    const data = await makeWorld(7, { customers: 60, capacityShare: 0 });
    const free: number[] = [];
    for (let c = 0; c < 60 && free.length < 10; c++) {
      const f = data.customers.flags[c]!;
      const optedOut = data.customers.optedOut.rowPtr[c + 1]! - data.customers.optedOut.rowPtr[c]!;
      if ((f & CustomerFlag.profilingOptOut) === 0 && optedOut === 0) free.push(c);
    }
    expect(free.length).toBe(10);
    const id = (s: string) => data.offers.ids.get(s)!;
    const [o0, o1, o3, o4, o5, o6, o7, g0, g1] = ['o0', 'o1', 'o3', 'o4', 'o5', 'o6', 'o7', 'g0', 'g1'].map(id) as number[];
    const n = data.customers.ids.size;
    const stride = 4;
    const plan: MailerPlan = { customerCount: n, stride, offer: new Int32Array(n * stride).fill(-1), value: new Float32Array(n * stride), reason: new Uint8Array(n * stride), propensity: new Float32Array(n * stride), count: new Int32Array(n) };
    const put = (c: number, offers: number[], reasons: number[]) => {
      offers.forEach((o, j) => {
        plan.offer[c * stride + j] = o;
        plan.value[c * stride + j] = 1 + j;
        plan.reason[c * stride + j] = reasons[j]!;
      });
      plan.count[c] = offers.length;
    };
    const T = PlacementReason.targeted;
    const G = PlacementReason.generic;
    for (const c of free.slice(0, 3)) put(c, [o0!, o3!, o7!, o5!], [T, T, T, T]);
    for (const c of free.slice(3, 5)) put(c, [o1!, o4!, o7!, o6!], [T, T, PlacementReason.cover, T]);
    for (const c of free.slice(5, 10)) put(c, [g0!, g1!], [G, G]);
    const wpc = Math.ceil(data.offers.ids.size / 32);
    const words = new Uint32Array(n * wpc).fill(0xffffffff);
    const deny = (c: number, o: number) => (words[c * wpc + (o >>> 5)]! &= ~(1 << (o & 31)) >>> 0);
    for (const c of free.slice(3, 5)) for (const o of [o0!, o3!, o5!]) deny(c, o);
    if (!genericMayTakeSensitive) for (const c of free.slice(5, 10)) deny(c, o7!);
    const privacy = config({ privacy: { tau: 0.6, decoys: 2, allowCover: true } }).privacy;
    const res = enforceKAnonymity(plan, 3, { data, privacy, eligible: { words, wordsPerCustomer: wpc } });
    return { res, free, o7: o7!, g0: g0!, g1: g1! };
  }

  it('enforceKAnonymity(plan, k) restores tau after a generic move by adding cover to a whole variant', async () => {
    const { res, free, o7, g0, g1 } = await tauCase(true);
    expect(res.toGeneric).toBe(2);
    expect(res.boundBroken).toEqual([]);
    expect(res.coverAdded).toBe(7);
    expect(res.withdrawn).toBe(0);
    for (const c of free.slice(3, 10)) {
      expect(rowOf(res.plan, c).map((e) => e.offer)).toEqual([g0, g1, o7]);
      expect(rowOf(res.plan, c)[2]!.reason).toBe(PlacementReason.cover);
    }
    for (const c of free.slice(0, 3)) expect(rowOf(res.plan, c).some((e) => e.offer === o7 && e.reason === PlacementReason.targeted)).toBe(true);
    expect(variantSizes(res.plan).size).toBe(2);
  });

  it('enforceKAnonymity(plan, k) withdraws the sensitive offer from its segment when no variant may take cover', async () => {
    const { res, free, o7 } = await tauCase(false);
    expect(res.boundBroken).toEqual([]);
    expect(res.coverAdded).toBe(0);
    expect(res.withdrawn).toBe(3);
    for (let c = 0; c < res.plan.customerCount; c++) expect(rowOf(res.plan, c).some((e) => e.offer === o7)).toBe(false);
    for (const [, size] of variantSizes(res.plan)) expect(size).toBeGreaterThanOrEqual(3);
    expect(rowOf(res.plan, free[0]!).length).toBe(3);
  });

  it('enforceKAnonymity(plan, k) rejects k < 1', () => {
    const plan: MailerPlan = { customerCount: 0, stride: 1, offer: new Int32Array(0), value: new Float32Array(0), reason: new Uint8Array(0), propensity: new Float32Array(0), count: new Int32Array(0) };
    expect(() => enforceKAnonymity(plan, 0)).toThrow(RangeError);
  });
});
