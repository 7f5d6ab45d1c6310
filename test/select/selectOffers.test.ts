import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ingest } from '../../src/ingest/ingest.js';
import { buildEligibilityMask, checkEligibility } from '../../src/select/eligibility.js';
import { mailingsInWindow, offerContactReason } from '../../src/select/contactPolicy.js';
import { redeemProbability } from '../../src/select/arbitration.js';
import { diversityKeys } from '../../src/select/offerKeys.js';
import { PlacementReason } from '../../src/select/mailerPlan.js';
import { Reason, REASON_TEXT } from '../../src/select/reason.js';
import { selectOffers } from '../../src/select/selectOffers.js';
import { traceFor } from '../../src/select/decisionTrace.js';
import { CustomerFlag } from '../../src/ingest/customerTable.js';
import { config, DAY, randomCandidates, randomDataset } from './fixture.js';
import { profilesFrom } from './helpers.js';
import { buildProfiles } from '../../src/profile/buildProfiles.js';
import { generateRetailer } from '../../src/synth/generateRetailer.js';

describe('eligibility', () => {
  it('checkEligibility(data, profiles, c, o, day) reports the first failing rule', async () => {
    const products = [
      { id: 'milk', name: 'Milk', department: 'fresh', category: 'dairy', price: 1 },
      { id: 'nappy', name: 'Nappies', department: 'baby', category: 'nappies', price: 9 },
    ];
    const customers = [
      { id: 'ann', region: 'north', store: 's1', segment: 'family', optedOutCategories: 'nappies' },
      { id: 'bob', region: 'south', store: 's2', consentMail: false, profilingOptOut: true },
    ];
    const base = { name: 'x', reward: 1, cost: 1, margin: 2, validFrom: '2024-02-01', validTo: '2024-03-31', targetCategories: ['dairy'], kind: 'cross-sell' };
    const offers = [
      { ...base, id: 'ok' },
      { ...base, id: 'late', validFrom: '2024-03-05' },
      { ...base, id: 'email', channel: 'email' },
      { ...base, id: 'south', eligibleRegions: 'south' },
      { ...base, id: 's2', eligibleStores: 's2' },
      { ...base, id: 'single', eligibleSegments: 'single' },
      { ...base, id: 'baby', targetCategories: ['nappies'] },
      { ...base, id: 'rich', minSpend: 100 },
      { ...base, id: 'cheap', maxSpend: 5 },
      { ...base, id: 'acq', targetHistory: 'never' },
      { ...base, id: 'ret', targetHistory: 'bought', targetCategories: ['nappies'], eligibleRegions: 'north|south' },
      { ...base, id: 'win', minLapsedDays: 30 },
      { ...base, id: 'gen', kind: 'generic', targetCategories: [] },
    ];
    const data = await ingest({ products, customers, transactions: [], offers });
    const dairy = data.catalog.categories.get('dairy');
    const profiles = profilesFrom([[{ category: dairy, spend: 50, lastDay: DAY - 10 }], []], data.catalog.categories.size, DAY);
    const o = (id: string) => data.offers.ids.get(id);
    const ann = (id: string) => checkEligibility(data, profiles, 0, o(id), DAY);
    expect(ann('ok')).toBe(Reason.eligible);
    expect(ann('late')).toBe(Reason.validity);
    expect(ann('email')).toBe(Reason.channelConsent);
    expect(ann('south')).toBe(Reason.region);
    expect(ann('s2')).toBe(Reason.store);
    expect(ann('single')).toBe(Reason.segment);
    expect(ann('baby')).toBe(Reason.optedOutCategory);
    expect(ann('rich')).toBe(Reason.minSpend);
    expect(ann('cheap')).toBe(Reason.maxSpend);
    expect(ann('acq')).toBe(Reason.neverBought);
    expect(ann('win')).toBe(Reason.lapsed);
    expect(checkEligibility(data, profiles, 0, o('win'), DAY + 25)).toBe(Reason.eligible);
    expect(checkEligibility(data, profiles, 0, o('ok'), DAY, { excluded: Uint8Array.of(1, 0) })).toBe(Reason.holdout);
    expect(checkEligibility(data, profiles, 1, o('ok'), DAY)).toBe(Reason.profilingOptOut);
    // bob: generic offers are exempt from the opt-out, but bob has no mail consent
    expect(checkEligibility(data, profiles, 1, o('gen'), DAY)).toBe(Reason.channelConsent);
    const noOptOut = { ...data, customers: { ...data.customers, flags: Uint8Array.of(data.customers.flags[0]!, CustomerFlag.consentMail) } };
    expect(checkEligibility(noOptOut, profiles, 1, o('ret'), DAY)).toBe(Reason.notBought);
    expect(REASON_TEXT[Reason.notBought]).toMatch(/never bought/);
  });

  it('buildEligibilityMask(data, profiles, config) matches checkEligibility on every pair, counts included', async () => {
    // 12 seeds: the mask's inverted history walk must agree with the per-pair merge of checkEligibility
    for (let seed = 1; seed <= 12; seed++) {
      const { data, profiles } = await randomDataset(seed, 50, 40);
      const excluded = Uint8Array.from({ length: 50 }, (_, i) => (i % 17 === 5 ? 1 : 0));
      const mask = buildEligibilityMask(data, profiles, config(), { excluded });
      const counts: Record<number, number> = {};
      for (let c = 0; c < 50; c++) {
        for (let o = 0; o < 40; o++) {
          const r = checkEligibility(data, profiles, c, o, DAY, { excluded });
          counts[r] = (counts[r] ?? 0) + 1;
          const bit = (mask.words[c * mask.wordsPerCustomer + (o >>> 5)]! >>> (o & 31)) & 1;
          expect(bit, `seed ${seed} c${c} o${o}`).toBe(r === Reason.eligible ? 1 : 0);
        }
      }
      for (const [name, code] of Object.entries(Reason)) {
        if (code > Reason.lapsed) continue;
        expect(mask.counts[name] ?? 0, name).toBe(counts[code] ?? 0);
      }
    }
  });
});

describe('eligibility on the synthetic retailer', () => {
  it('buildEligibilityMask matches checkEligibility on every pair and count of a synthetic shop, whose offers mostly ask for a bought target (fast-check over seeds)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), async (seed) => {
        const shop = generateRetailer({ customers: 300, offers: 120, seed, days: 120 });
        const data = await ingest({ products: shop.products, customers: shop.customers, offers: shop.offers, transactions: shop.transactions(), contacts: shop.contacts });
        const profiles = buildProfiles(data, {});
        const cfg = { date: undefined };
        const mask = buildEligibilityMask(data, profiles, cfg);
        expect(mask.counts.notBought).toBeGreaterThan(0);
        const counts: Record<number, number> = {};
        for (let c = 0; c < data.customers.ids.size; c++) {
          for (let o = 0; o < data.offers.ids.size; o++) {
            const r = checkEligibility(data, profiles, c, o, mask.day);
            counts[r] = (counts[r] ?? 0) + 1;
            const bit = (mask.words[c * mask.wordsPerCustomer + (o >>> 5)]! >>> (o & 31)) & 1;
            if (bit !== (r === Reason.eligible ? 1 : 0)) expect.fail(`seed ${seed} c${c} o${o}: mask ${bit}, check ${r}`);
          }
        }
        for (const [name, code] of Object.entries(Reason)) if (code <= Reason.lapsed) expect(mask.counts[name] ?? 0, name).toBe(counts[code] ?? 0);
      }),
      { numRuns: 4, seed: 21 },
    );
  }, 60_000);
});

describe('contact policy', () => {
  it('mailingsInWindow(data, c, day, window) counts distinct campaigns and campaign-less days', async () => {
    const data = await ingest({
      products: [{ id: 'p', name: 'p', department: 'd', category: 'c', price: 1 }],
      customers: [{ id: 'u', region: 'r', store: 's' }],
      transactions: [],
      offers: [{ id: 'o', name: 'o', kind: 'cross-sell', targetCategories: 'c', reward: 1, cost: 1, margin: 1, validFrom: '2024-01-01', validTo: '2024-12-31' }],
      contacts: [
        { customer: 'u', campaign: 'a', offer: 'o', date: '2024-02-20', redeemed: true },
        { customer: 'u', campaign: 'a', date: '2024-02-21' },
        { customer: 'u', offer: 'o', date: '2024-01-10' },
        { customer: 'u', offer: 'o', date: '2024-01-10' },
        { customer: 'u', offer: 'o', date: '2023-01-10' },
      ],
    });
    expect(mailingsInWindow(data, 0, DAY, 90)).toBe(2);
    expect(mailingsInWindow(data, 0, DAY, 30)).toBe(1);
    const policy = config().contactPolicy;
    expect(offerContactReason(data, policy, 0, 0, DAY)).toBe(Reason.redeemedCooldown);
    expect(offerContactReason(data, { ...policy, redeemedCooldownDays: 5 }, 0, 0, DAY)).toBe(Reason.repeatCooldown);
    expect(offerContactReason(data, { ...policy, redeemedCooldownDays: 5, repeatCooldownDays: 5 }, 0, 0, DAY)).toBe(Reason.eligible);
  });
});

describe('selectOffers', () => {
  it('selectOffers(data, profiles, candidates, config) respects every rule on random data sets (fast-check)', async () => {
    const seed = 777;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom('category', 'subcategory', 'brand'), fc.integer({ min: 1, max: 4 }), async (s, diversityKey, slots) => {
        const { data, profiles } = await randomDataset(s, 40, 24);
        const cands = randomCandidates(s + 1, 40, 24, 8);
        const cfg = config({ slots, diversityKey: diversityKey as 'category', maxPerDepartment: 1, genericOffers: ['o0'], discoveryShare: 0.34 });
        const sel = selectOffers(data, profiles, cands, cfg, { campaignBudget: 6 });
        const { plan } = sel;
        expect(plan.stride).toBe(slots + 1);
        const keys = diversityKeys(data.offers, data.catalog, cfg.diversityKey);
        const recipients = new Float64Array(24);
        const spend = new Float64Array(24);
        let campaign = 0;
        for (let c = 0; c < 40; c++) {
          const row = [...plan.offer.subarray(c * plan.stride, c * plan.stride + plan.count[c]!)];
          expect(new Set(row).size).toBe(row.length);
          const optOut = (data.customers.flags[c]! & CustomerFlag.profilingOptOut) !== 0;
          const seenKeys = new Set<number>();
          const depts = new Map<number, number>();
          for (let t = 0; t < plan.count[c]!; t++) {
            const o = plan.offer[c * plan.stride + t]!;
            const reason = plan.reason[c * plan.stride + t]!;
            if (reason === PlacementReason.generic) continue; // printed on every mailer by config
            recipients[o]!++;
            if (reason === PlacementReason.fallback) {
              spend[o]! += 0.05 * data.offers.cost[o]!;
              campaign += 0.05 * data.offers.cost[o]!;
            } else {
              expect(optOut).toBe(false);
              expect(checkEligibility(data, profiles, c, o, DAY)).toBe(Reason.eligible);
              expect(offerContactReason(data, cfg.contactPolicy, c, o, DAY)).toBe(Reason.eligible);
              let j = 0;
              while (cands.offer[c * 8 + j] !== o) j++;
              const pc = Math.fround(redeemProbability(cands.score[c * 8 + j]!) * data.offers.cost[o]!);
              spend[o]! += pc;
              campaign += pc;
              // generic-kind candidates carry no key (-1) and no department (-1)
              if (keys[o]! >= 0) expect(seenKeys.has(keys[o]!)).toBe(false);
              seenKeys.add(keys[o]!);
              const d = data.offers.department[o]!;
              depts.set(d, (depts.get(d) ?? 0) + 1);
              if (d >= 0) expect(depts.get(d)).toBeLessThanOrEqual(1);
            }
          }
        }
        for (let o = 0; o < 24; o++) {
          expect(recipients[o]).toBeLessThanOrEqual(data.offers.capacity[o]!);
          expect(spend[o]).toBeLessThanOrEqual(data.offers.budget[o]! * (1 + 1e-9));
        }
        expect(campaign).toBeLessThanOrEqual(6 * (1 + 1e-9));
      }),
      { seed, numRuns: 25 },
    );
  });

  it('selectOffers gives profilingOptOut customers the generic mailer and holdout customers none', async () => {
    const { data, profiles } = await randomDataset(9, 40, 24);
    const cands = randomCandidates(10, 40, 24, 8);
    const excluded = Uint8Array.from({ length: 40 }, (_, i) => (i < 3 ? 1 : 0));
    const sel = selectOffers(data, profiles, cands, config({ genericOffers: ['o1'] }), { excluded });
    let optOuts = 0;
    let missingFixed = 0;
    for (let c = 0; c < 40; c++) {
      const reasons = [...sel.plan.reason.subarray(c * sel.plan.stride, c * sel.plan.stride + sel.plan.count[c]!)];
      if (c < 3) expect(sel.plan.count[c]).toBe(0);
      else if ((data.customers.flags[c]! & CustomerFlag.profilingOptOut) !== 0 && (data.customers.flags[c]! & 1) !== 0) {
        optOuts++;
        expect(reasons.every((r) => r === PlacementReason.fallback || r === PlacementReason.generic)).toBe(true);
        // the fixed generic offer is printed unless the mailer rules refused it (capacity, validity, consent, ...): counted in report.fill
        if (!reasons.includes(PlacementReason.generic)) missingFixed++;
      }
    }
    expect(optOuts).toBeGreaterThan(0);
    const refusedFixed = Object.entries(sel.report.fill).reduce((a, [k, v]) => (k === 'emptySlots' ? a : a + v), 0);
    expect(missingFixed).toBeLessThanOrEqual(refusedFixed);
    expect(sel.report.customers.byStatus.holdout).toBe(3);
  });

  it('traceFor(selection, c) replays each candidate: chosen ones are on the mailer, dropped ones carry a reason', async () => {
    const { data, profiles } = await randomDataset(4, 40, 24);
    const cands = randomCandidates(5, 40, 24, 8);
    const sel = selectOffers(data, profiles, cands, config({ slots: 2 }));
    expect(sel.trace.bytesPerCustomer).toBe(9);
    let dropped = 0;
    for (let c = 0; c < 40; c++) {
      const t = traceFor(sel, c);
      expect(t.customer).toBe(`u${c}`);
      const onMailer = new Set(t.mailer.filter((m) => m.placement === 'targeted' || m.placement === 'discovery').map((m) => m.offer));
      const chosen = new Set(t.candidates.filter((x) => x.reason === 'chosen' || x.reason === 'chosenDiscovery').map((x) => x.offer));
      expect(chosen).toEqual(onMailer);
      for (const x of t.candidates) {
        expect(x.text.length).toBeGreaterThan(0);
        if (!chosen.has(x.offer)) dropped++;
      }
    }
    expect(dropped).toBeGreaterThan(0);
    expect(() => traceFor(sel, 40)).toThrow(RangeError);
  });

  it('selectOffers reports binding capacities with a positive clearing price', async () => {
    const { data, profiles } = await randomDataset(12, 40, 24);
    const cands = randomCandidates(13, 40, 24, 8);
    const sel = selectOffers(data, profiles, cands, config());
    const capped = sel.report.offers.filter((r) => r.binding.includes('capacity') && r.capacity > 0);
    expect(capped.length).toBeGreaterThan(0);
    expect(sel.report.binding.length).toBeGreaterThan(0);
    for (const r of sel.report.offers) expect(r.recipients).toBeLessThanOrEqual(r.capacity);
  });

  it('selectOffers does not mutate candidates and rejects mismatched sizes', async () => {
    const { data, profiles } = await randomDataset(2, 40, 24);
    const cands = randomCandidates(3, 40, 24, 8);
    const before = [...cands.offer, ...cands.score];
    selectOffers(data, profiles, cands, config());
    expect([...cands.offer, ...cands.score]).toEqual(before);
    expect(() => selectOffers(data, profiles, randomCandidates(3, 39, 24, 8), config())).toThrow(RangeError);
    expect(() => selectOffers(data, profiles, cands, config({ genericOffers: ['nope'] }))).toThrow(RangeError);
  });
});
