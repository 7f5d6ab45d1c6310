import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from '../../src/schema/invalidRecordError.js';
import { Cell, type CellCode } from '../../src/measure/assignCells.js';
import { compareMeans } from '../../src/measure/compareMeans.js';
import { compareProportions } from '../../src/measure/compareProportions.js';
import {
  measureCampaign,
  type CampaignCustomer,
  type MeasureCampaignInput,
  type RedemptionRecord,
} from '../../src/measure/measureCampaign.js';
import { wilsonInterval } from '../../src/measure/wilsonInterval.js';
import { nanPaths, SEED } from './seed.js';

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

/** 100 targeted (12 redeem), 100 control (6 redeem), 50 holdout (3 buy organically). */
function handCampaign(withPurchases: boolean): MeasureCampaignInput {
  const customers: CampaignCustomer[] = [];
  const redemptions: RedemptionRecord[] = [];
  const purchases: RedemptionRecord[] = [];
  for (let i = 0; i < 100; i++) {
    customers.push({ id: `t${i}`, cell: Cell.targeted, offers: ['o1', 'o2'] });
    if (i < 12) redemptions.push({ customer: `t${i}`, offer: i < 4 ? 'o2' : 'o1', spend: 10 });
    customers.push({ id: `c${i}`, cell: Cell.control, offers: ['g'] });
    if (i < 6) redemptions.push({ customer: `c${i}`, offer: 'g', spend: 5 });
  }
  for (let i = 0; i < 50; i++) {
    customers.push({ id: `h${i}`, cell: Cell.holdout, offers: i < 20 ? ['o1'] : [] });
    if (i < 3) purchases.push({ customer: `h${i}`, offer: 'o1', spend: 8 });
  }
  return withPurchases ? { customers, redemptions, purchases } : { customers, redemptions };
}

describe('measureCampaign', () => {
  it('measureCampaign(input) reports per-cell Wilson rates and targeted-vs-control lift from the hand counts', () => {
    const m = measureCampaign(deepFreeze(handCampaign(true)));
    const [h, c, t] = m.cells;
    expect([h.customers, c.customers, t.customers]).toEqual([50, 100, 100]);
    expect(t.redemption).toEqual(wilsonInterval(12, 100));
    expect(t.couponRedemption).toEqual(wilsonInterval(12, 200));
    expect(c.redemption).toEqual(wilsonInterval(6, 100));
    expect(h.redemption).toEqual(wilsonInterval(3, 50)); // holdout's "redemption" is organic buying
    expect(h.couponRedemption).toEqual(wilsonInterval(3, 20)); // would-have o1 listings bought organically
    expect(m.lift.targetedVsControl).toEqual(compareProportions(12, 100, 6, 100));
    expect(m.lift.targetedVsHoldout).toEqual(compareProportions(12, 100, 3, 50));
    expect(m.lift.controlVsHoldout).toEqual(compareProportions(6, 100, 3, 50));
    // spend: targeted 12 × 10 over 100, control 6 × 5 over 100, holdout 3 × 8 over 50
    expect(t.spend?.mean).toBeCloseTo(1.2, 12);
    expect(m.spend?.targetedVsControl.difference).toBeCloseTo(1.2 - 0.3, 12);
    const tv = (12 * (10 - 1.2) ** 2 + 88 * 1.2 ** 2) / 99;
    const cv = (6 * (5 - 0.3) ** 2 + 94 * 0.3 ** 2) / 99;
    const ref = compareMeans({ n: 100, mean: 1.2, variance: tv }, { n: 100, mean: 0.3, variance: cv });
    expect(m.spend?.targetedVsControl.pValue).toBeCloseTo(ref.pValue as number, 10);
    const o1 = m.offers.find((o) => o.offer === 'o1');
    expect(o1?.cells[Cell.targeted].redemption).toEqual(wilsonInterval(8, 100));
    expect(o1?.cells[Cell.holdout].redemption).toEqual(wilsonInterval(3, 20));
    expect(o1?.targetedVsHoldout).toEqual(compareProportions(8, 100, 3, 20));
    expect(o1?.targetedVsControl.note).toMatch(/empty/); // o1 was never on a control mailer
    expect(nanPaths(m)).toEqual([]);
  });

  it('measureCampaign(input) without purchases reports every holdout outcome as null (n/a)', () => {
    const m = measureCampaign(handCampaign(false));
    expect(m.cells[Cell.holdout].redemption).toBeNull();
    expect(m.cells[Cell.holdout].couponRedemption).toBeNull();
    expect(m.cells[Cell.targeted].response).toBeNull();
    expect(m.lift.targetedVsHoldout).toBeNull();
    expect(m.lift.controlVsHoldout).toBeNull();
    expect(m.lift.targetedVsControl.pValue).not.toBeNull();
    expect(m.offers[0].targetedVsHoldout).toBeNull();
  });

  it('measureCampaign(input) with empty cells and no redemptions gives nulls and notes, never NaN', () => {
    const m = measureCampaign({ customers: [{ id: 'a', cell: Cell.targeted, offers: ['o'] }], redemptions: [], purchases: [] });
    expect(m.cells[Cell.control].redemption?.rate).toBeNull();
    expect(m.lift.targetedVsControl.pValue).toBeNull();
    expect(m.lift.targetedVsControl.note).toMatch(/empty/);
    expect(m.spend).toBeNull();
    expect(nanPaths(m)).toEqual([]);
    const none = measureCampaign({ customers: [], redemptions: [] });
    expect(none.cells.map((c) => c.customers)).toEqual([0, 0, 0]);
    expect(nanPaths(none)).toEqual([]);
  });

  it('measureCampaign(input) counts unattributable redemptions in ignored and counts a coupon once', () => {
    const m = measureCampaign({
      customers: [
        { id: 'a', cell: Cell.targeted, offers: ['o'] },
        { id: 'h', cell: Cell.holdout },
      ],
      redemptions: [
        { customer: 'a', offer: 'o', spend: 2 },
        { customer: 'a', offer: 'o', spend: 3 },
        { customer: 'a', offer: 'x' },
        { customer: 'zz', offer: 'o' },
        { customer: 'h', offer: 'o' },
      ],
    });
    expect(m.ignored).toEqual({ unknownCustomer: 1, notMailed: 1, holdoutRedemptions: 1 });
    expect(m.cells[Cell.targeted].couponRedemption?.successes).toBe(1);
    expect(m.cells[Cell.targeted].spend?.mean).toBe(5);
  });

  it('measureCampaign(input) throws InvalidRecordError naming duplicate ids, bad cells and bad spend', () => {
    const bad = {
      customers: [
        { id: 'a', cell: Cell.targeted },
        { id: 'a', cell: 7 as CellCode },
        { id: 'b', cell: Cell.control, spend: Number.NaN },
      ],
      redemptions: [{ customer: 'a', offer: 'o', spend: Infinity }],
    };
    try {
      measureCampaign(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidRecordError);
      const fields = (e as InvalidRecordError).issues.map((i) => `${i.source}:${i.row}:${i.field}`);
      expect(fields).toEqual(['customers:2:id', 'customers:2:cell', 'customers:3:spend', 'redemptions:1:spend']);
    }
    expect(() => measureCampaign(handCampaign(false), { confidence: 95 })).toThrow(RangeError);
  });

  it('measureCampaign(input) counts equal a slow per-customer reference on random campaigns', () => {
    const offerPool = ['o0', 'o1', 'o2', 'o3'];
    const arb = fc
      .record({
        customers: fc.array(
          fc.record({
            cell: fc.constantFrom(0, 1, 2) as fc.Arbitrary<CellCode>,
            offers: fc.subarray(offerPool),
            spend: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
          }),
          { maxLength: 30 },
        ),
        redemptions: fc.array(fc.record({ c: fc.integer({ min: 0, max: 32 }), o: fc.constantFrom(...offerPool, 'ox'), spend: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }) }), { maxLength: 40 }),
        purchases: fc.option(fc.array(fc.record({ c: fc.integer({ min: 0, max: 32 }), o: fc.constantFrom(...offerPool) }), { maxLength: 20 }), { nil: undefined }),
        confidence: fc.constantFrom(0.9, 0.95, 0.99),
      })
      .map(({ customers, redemptions, purchases, confidence }) => ({
        input: {
          customers: customers.map((c, i) => ({ id: `c${i}`, ...c })),
          redemptions: redemptions.map((r) => ({ customer: `c${r.c}`, offer: r.o, spend: r.spend })),
          purchases: purchases?.map((p) => ({ customer: `c${p.c}`, offer: p.o })),
        } as MeasureCampaignInput,
        confidence,
      }));
    fc.assert(
      fc.property(arb, ({ input, confidence }) => {
        const m = measureCampaign(input, { confidence });
        const hasPurchases = input.purchases !== undefined;
        const byId = new Map(input.customers.map((c) => [c.id, c]));
        const validRedemption = (r: RedemptionRecord): boolean => {
          const c = byId.get(r.customer);
          return c !== undefined && c.cell !== Cell.holdout && (c.offers ?? []).includes(r.offer);
        };
        const redeemed = (id: string): boolean => input.redemptions.some((r) => r.customer === id && validRedemption(r));
        const bought = (id: string): boolean => (input.purchases ?? []).some((p) => p.customer === id);
        for (const cell of [Cell.holdout, Cell.control, Cell.targeted]) {
          const members = input.customers.filter((c) => c.cell === cell);
          const report = m.cells[cell];
          expect(report.customers).toBe(members.length);
          const pairs = members.flatMap((c) => (c.offers ?? []).map((o) => [c.id, o] as const));
          expect(report.coupons).toBe(pairs.length);
          if (cell === Cell.holdout) {
            expect(report.redemption).toEqual(hasPurchases ? wilsonInterval(members.filter((c) => bought(c.id)).length, members.length, { confidence }) : null);
            const boughtPairs = pairs.filter(([id, o]) => (input.purchases ?? []).some((p) => p.customer === id && p.offer === o));
            expect(report.couponRedemption).toEqual(hasPurchases ? wilsonInterval(boughtPairs.length, pairs.length, { confidence }) : null);
          } else {
            expect(report.redemption).toEqual(wilsonInterval(members.filter((c) => redeemed(c.id)).length, members.length, { confidence }));
            const hit = pairs.filter(([id, o]) => input.redemptions.some((r) => r.customer === id && r.offer === o));
            expect(report.couponRedemption).toEqual(wilsonInterval(hit.length, pairs.length, { confidence }));
          }
          const responders = members.filter((c) => redeemed(c.id) || bought(c.id)).length;
          expect(report.response).toEqual(hasPurchases ? wilsonInterval(responders, members.length, { confidence }) : null);
          const spends = members.map((c) => c.spend ?? input.redemptions.filter((r) => r.customer === c.id).reduce((s, r) => s + (r.spend ?? 0), 0));
          const anySpend = input.customers.some((c) => c.spend !== undefined) || input.redemptions.some((r) => r.spend !== undefined);
          if (!anySpend) expect(report.spend).toBeNull();
          else if (members.length > 0) expect(report.spend?.mean).toBeCloseTo(spends.reduce((a, b) => a + b, 0) / members.length, 9);
        }
        const ids = new Set(input.customers.map((c) => c.id));
        const unknown = input.redemptions.filter((r) => !ids.has(r.customer)).length + (input.purchases ?? []).filter((p) => !ids.has(p.customer)).length;
        expect(m.ignored.unknownCustomer).toBe(unknown);
        const t = m.cells[Cell.targeted].redemption as NonNullable<typeof m.cells[2]['redemption']>;
        const c = m.cells[Cell.control].redemption as NonNullable<typeof m.cells[1]['redemption']>;
        expect(m.lift.targetedVsControl).toEqual(compareProportions(t.successes, t.trials, c.successes, c.trials, { confidence }));
        expect(nanPaths(m)).toEqual([]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
