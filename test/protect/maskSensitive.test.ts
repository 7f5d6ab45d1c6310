import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerFlag } from '../../src/ingest/index.js';
import { maskSensitive, boundMet, minRecipients } from '../../src/protect/maskSensitive.js';
import { lookalikeKeys } from '../../src/protect/lookalikeKeys.js';
import { PlacementReason, type MailerPlan } from '../../src/select/mailerPlan.js';
import type { Dataset } from '../../src/ingest/index.js';
import { createRandom } from '../../src/lib/random.js';
import { clonePlan, config, handProfiles, makeWorld, randomPlan, rowOf, samePlan, slowSensitive } from './fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
console.log(`maskSensitive properties: fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);

const targeted = (r: number): boolean => r === PlacementReason.targeted || r === PlacementReason.discovery;

/** Every rule of the brief, checked the slow obvious way on a final plan. */
function checkRules(data: Dataset, out: MailerPlan, sensitive: boolean[], decoys: number): string[] {
  const bad: string[] = [];
  const need = Math.max(1, decoys);
  for (let c = 0; c < out.customerCount; c++) {
    const row = rowOf(out, c);
    const f = data.customers.flags[c]!;
    if (new Set(row.map((e) => e.offer)).size !== row.length) bad.push(`c${c}: duplicate offer`);
    const sens = row.filter((e) => sensitive[e.offer]);
    if (sens.length > 0) {
      if (sensitive[row[0]!.offer]) bad.push(`c${c}: sensitive offer in the lead slot`);
      const depts = new Set(sens.map((e) => data.offers.department[e.offer]));
      const unrelated = row.filter((e) => !sensitive[e.offer] && !depts.has(data.offers.department[e.offer]!)).length;
      if (unrelated < need) bad.push(`c${c}: ${unrelated} unrelated offers beside a sensitive one, need ${need}`);
    }
    if ((f & CustomerFlag.consentSensitive) === 0 && sens.some((e) => targeted(e.reason))) bad.push(`c${c}: non-consenting customer holds a targeted sensitive offer`);
    if ((f & CustomerFlag.profilingOptOut) !== 0 && row.some((e) => targeted(e.reason) || e.reason === PlacementReason.cover)) bad.push(`c${c}: opted-out customer holds a targeted/cover offer`);
  }
  return bad;
}

function recount(out: MailerPlan, o: number): { inSegment: number; cover: number; recipients: number } {
  let inSegment = 0;
  let cover = 0;
  let recipients = 0;
  for (let c = 0; c < out.customerCount; c++) {
    for (const e of rowOf(out, c)) {
      if (e.offer !== o) continue;
      recipients++;
      if (targeted(e.reason)) inSegment++;
      if (e.reason === PlacementReason.cover) cover++;
    }
  }
  return { inSegment, cover, recipients };
}

function randomEligibility(data: Dataset, seed: number, share: number) {
  const rng = createRandom(seed ^ 0x5eed);
  const m = data.offers.ids.size;
  const wordsPerCustomer = Math.ceil(m / 32);
  const words = new Uint32Array(data.customers.ids.size * wordsPerCustomer);
  for (let c = 0; c < data.customers.ids.size; c++) for (let o = 0; o < m; o++) if (rng.next() < share) words[c * wordsPerCustomer + (o >>> 5)]! |= 1 << (o & 31);
  return { words, wordsPerCustomer };
}
const isSet = (b: { words: Uint32Array; wordsPerCustomer: number }, c: number, o: number): boolean => ((b.words[c * b.wordsPerCustomer + (o >>> 5)]! >>> (o & 31)) & 1) === 1;

const settings = fc.record({
  world: fc.integer({ min: 1, max: 1_000_000 }),
  plan: fc.integer({ min: 1, max: 1_000_000 }),
  customers: fc.integer({ min: 5, max: 60 }),
  tau: fc.constantFrom(0, 0.2, 0.34, 0.5, 0.9, 1),
  decoys: fc.integer({ min: 0, max: 10 }),
  eligibleShare: fc.constantFrom(1, 0.9, 0.6),
  allowCover: fc.boolean(),
  tags: fc.constantFrom<string[]>([], ['baby'], ['health']),
  stride: fc.integer({ min: 1, max: 6 }),
  capacityShare: fc.constantFrom(0, 0.5, 1),
});

describe('maskSensitive', () => {
  it('maskSensitive(plan, data, profiles, config) keeps every privacy rule on random plans', async () => {
    await fc.assert(
      fc.asyncProperty(settings, async (s) => {
        const data = await makeWorld(s.world, { customers: s.customers, capacityShare: s.capacityShare });
        const profiles = handProfiles(data);
        const plan = randomPlan(data, s.plan, s.stride);
        const before = clonePlan(plan);
        const cfg = config({ seed: s.plan, genericOffers: ['g0', 'g1'], privacy: { tau: s.tau, decoys: s.decoys, allowCover: s.allowCover, sensitiveTags: s.tags } });
        const eligible = randomEligibility(data, s.plan, s.eligibleShare);
        const res = maskSensitive(plan, data, profiles, cfg, { eligible });
        const sensitive = slowSensitive(data, s.tags);
        // every entry masking added is eligible
        for (let c = 0; c < plan.customerCount; c++) {
          const had = new Set(rowOf(plan, c).map((e) => e.offer));
          for (const e of rowOf(res.plan, c)) if (!had.has(e.offer)) expect(isSet(eligible, c, e.offer)).toBe(true);
        }
        // inputs unchanged
        expect(samePlan(plan, before)).toBe(true);
        expect(checkRules(data, res.plan, sensitive, s.decoys)).toEqual([]);
        expect(res.plan.stride).toBeGreaterThanOrEqual(Math.max(...Array.from(res.plan.count)));
        // the report is the recount of the final plan, and the bound holds whenever met
        for (const r of res.report) {
          const rc = recount(res.plan, r.offer);
          expect(r.inSegment).toBe(rc.inSegment);
          expect(r.cover).toBe(rc.cover);
          expect(r.recipients).toBe(rc.recipients);
          expect(r.achievedBound).toBeCloseTo(rc.recipients === 0 ? 0 : rc.inSegment / rc.recipients, 12);
          expect(r.met).toBe(rc.inSegment === 0 || rc.inSegment / rc.recipients <= s.tau + 1e-9);
          // default onUnmet 'drop' makes the bound a guarantee
          expect(r.met).toBe(true);
        }
        // every sensitive offer in the final plan is reported
        for (let o = 0; o < sensitive.length; o++) if (sensitive[o] && recount(res.plan, o).recipients > 0) expect(res.report.some((r) => r.offer === o)).toBe(true);
        // capacity: never above max(capacity, input usage)
        for (let o = 0; o < data.offers.ids.size; o++) {
          const cap = data.offers.capacity[o]!;
          const used = (p: MailerPlan) => Array.from({ length: p.customerCount }, (_, c) => rowOf(p, c).filter((e) => e.offer === o).length).reduce((a, b) => a + b, 0);
          expect(used(res.plan)).toBeLessThanOrEqual(Math.max(cap, used(plan)));
        }
        // cost accounting: value out = value in - removed + replacements
        const total = (p: MailerPlan) => Array.from({ length: p.customerCount }, (_, c) => rowOf(p, c).reduce((a, e) => a + e.value, 0)).reduce((a, b) => a + b, 0);
        expect(total(res.plan)).toBeCloseTo(total(plan) - res.cost.removedValue + res.cost.replacementValue, 3);
        // customers without a mailer never get one
        for (let c = 0; c < plan.customerCount; c++) if (plan.count[c] === 0) expect(res.plan.count[c]).toBe(0);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('maskSensitive(plan, ...) picks cover only among look-alikes of the segment, and only with consent or allowCover', async () => {
    await fc.assert(
      fc.asyncProperty(settings, async (s) => {
        const data = await makeWorld(s.world, { customers: s.customers, capacityShare: s.capacityShare });
        const profiles = handProfiles(data);
        const plan = randomPlan(data, s.plan, s.stride);
        const cfg = config({ seed: s.plan, privacy: { tau: s.tau, decoys: s.decoys, allowCover: s.allowCover, sensitiveTags: s.tags } });
        const res = maskSensitive(plan, data, profiles, cfg);
        const keys = lookalikeKeys(profiles);
        const sensitive = slowSensitive(data, s.tags);
        for (let o = 0; o < sensitive.length; o++) {
          if (!sensitive[o]) continue;
          const segKeys = new Set<number>();
          for (let c = 0; c < plan.customerCount; c++) {
            const consent = (data.customers.flags[c]! & CustomerFlag.consentSensitive) !== 0;
            if (consent && rowOf(plan, c).some((e) => e.offer === o && targeted(e.reason))) segKeys.add(keys[c]!);
          }
          for (let c = 0; c < plan.customerCount; c++) {
            if (!rowOf(res.plan, c).some((e) => e.offer === o && e.reason === PlacementReason.cover)) continue;
            expect(segKeys.has(keys[c]!)).toBe(true);
            expect(plan.count[c]).toBeGreaterThan(0);
            const consent = (data.customers.flags[c]! & CustomerFlag.consentSensitive) !== 0;
            expect(consent || s.allowCover).toBe(true);
          }
        }
      }),
      { seed: SEED + 1, numRuns: 40 },
    );
  });

  it('maskSensitive(plan, ...) gives identical output for the same seed', async () => {
    const data = await makeWorld(11, { customers: 80 });
    const profiles = handProfiles(data);
    const plan = randomPlan(data, 12, 4);
    const cfg = config({ seed: 5, genericOffers: ['g0'], privacy: { tau: 0.3 } });
    const a = maskSensitive(plan, data, profiles, cfg);
    const b = maskSensitive(plan, data, profiles, cfg);
    expect(samePlan(a.plan, b.plan)).toBe(true);
    expect(a.report).toEqual(b.report);
    expect(a.cost).toEqual(b.cost);
  });

  it('maskSensitive(plan, ...) adds cover until P(in segment | received) <= tau on a hand-made plan', async () => {
    const data = await makeWorld(3, { customers: 60, capacityShare: 0 });
    const profiles = handProfiles(data);
    const n = data.customers.ids.size;
    const nappies = data.offers.ids.get('o7');
    const pasta = data.offers.ids.get('o0');
    // Every customer gets pasta; the first four consenting, non-opted-out customers also get nappies by targeting.
    const stride = 2;
    const offer = new Int32Array(n * stride).fill(-1);
    const value = new Float32Array(n * stride);
    const reason = new Uint8Array(n * stride);
    const count = new Int32Array(n).fill(1);
    const seg: number[] = [];
    for (let c = 0; c < n; c++) {
      offer[c * stride] = pasta;
      value[c * stride] = 1;
      const f = data.customers.flags[c]!;
      if (seg.length < 4 && (f & CustomerFlag.consentSensitive) !== 0 && (f & CustomerFlag.profilingOptOut) === 0) {
        seg.push(c);
        offer[c * stride + 1] = nappies;
        value[c * stride + 1] = 5;
        reason[c * stride + 1] = PlacementReason.targeted;
        count[c] = 2;
      }
    }
    const plan: MailerPlan = { customerCount: n, stride, offer, value, reason, propensity: new Float32Array(offer.length), count };
    const cfg = config({ seed: 9, privacy: { tau: 0.25, decoys: 2 } });
    // Bands of 1 make every customer in a region a look-alike, so cover is plentiful.
    const res = maskSensitive(plan, data, profiles, cfg, { bands: 1 });
    const r = res.report.find((x) => x.offer === nappies)!;
    expect(r.inSegment).toBe(4);
    expect(r.droppedInSegment).toBe(0);
    expect(r.recipients).toBeGreaterThanOrEqual(minRecipients(4, 0.25));
    expect(r.cover).toBe(r.recipients - 4);
    expect(r.met).toBe(true);
    // each nappies mailer: lead is not nappies, and two unrelated decoys or more
    for (let c = 0; c < n; c++) {
      const row = rowOf(res.plan, c);
      const k = row.findIndex((e) => e.offer === nappies);
      if (k < 0) continue;
      expect(k).toBeGreaterThan(0);
      expect(row.filter((e) => e.offer !== nappies && data.offers.department[e.offer] !== data.offers.department[nappies]).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('maskSensitive(plan, ...) with onUnmet report leaves the segment and reports met false when look-alikes run out', async () => {
    const data = await makeWorld(21, { customers: 12, capacityShare: 0 });
    const profiles = handProfiles(data);
    const n = data.customers.ids.size;
    const vit = data.offers.ids.get('o9');
    const stride = 1;
    const plan: MailerPlan = {
      customerCount: n,
      stride,
      offer: new Int32Array(n).fill(vit),
      value: new Float32Array(n).fill(1),
      reason: new Uint8Array(n).fill(PlacementReason.targeted),
      propensity: new Float32Array(n),
      count: new Int32Array(n).fill(1),
    };
    const cfg = config({ seed: 1, genericOffers: ['g0'], privacy: { tau: 0.5, decoys: 1 } });
    const kept = maskSensitive(plan, data, profiles, cfg, { onUnmet: 'report' });
    const r = kept.report.find((x) => x.offer === vit)!;
    // everyone with a mailer is in the segment (or lost it to consent): no look-alike is left outside
    expect(r.cover).toBe(0);
    expect(r.met).toBe(r.inSegment === 0);
    if (r.inSegment > 0) expect(r.reason).toBe('not enough look-alikes');
    const dropped = maskSensitive(plan, data, profiles, cfg);
    const d = dropped.report.find((x) => x.offer === vit)!;
    expect(d.met).toBe(true);
    expect(d.inSegment).toBe(0);
    expect(dropped.cost.byCause.tau.count).toBe(r.inSegment);
  });

  it('minRecipients(s, tau) is the smallest n with s / n <= tau', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (s, tau) => {
        const n = minRecipients(s, tau);
        expect(boundMet(s, n, tau)).toBe(true);
        if (s > 0 && n > s) expect(boundMet(s, n - 1, tau)).toBe(false);
      }),
      { seed: SEED },
    );
    expect(minRecipients(3, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('maskSensitive(plan, ...) rejects a plan whose size does not match the data', async () => {
    const data = await makeWorld(2, { customers: 5 });
    const plan = randomPlan(await makeWorld(2, { customers: 6 }), 1);
    expect(() => maskSensitive(plan, data, handProfiles(data), config())).toThrow(RangeError);
  });
});
