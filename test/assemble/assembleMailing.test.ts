import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleMailing, createLayout, LayoutViolationError, variantId, type AssembleData, type Mailing } from '../../src/assemble/index.js';
import { PlacementReason, type MailerPlan } from '../../src/select/mailerPlan.js';
import { handData, planFromRows, rowIds, type Row } from './fixtures.js';

// Pinned seed so a failure replays; override with FC_SEED=<n>.
const FC_SEED = Number(process.env.FC_SEED ?? 20250611);
console.log(`assembleMailing properties: fast-check seed ${FC_SEED}`);

const T = PlacementReason.targeted;
const G = PlacementReason.generic;

/** Slow obvious reference: group customers by a string key of creative + offer ids. */
function referenceGroups(plan: MailerPlan, data: AssembleData, creativeOf: (c: number) => string): Map<string, { offers: string[]; creative: string; customers: number }> {
  const groups = new Map<string, { offers: string[]; creative: string; customers: number }>();
  for (let c = 0; c < plan.customerCount; c++) {
    if (plan.count[c] === 0) continue;
    const offers = rowIds(plan, data, c);
    const creative = creativeOf(c);
    const key = JSON.stringify([creative, offers]);
    const g = groups.get(key);
    if (g) g.customers++;
    else groups.set(key, { offers, creative, customers: 1 });
  }
  return groups;
}

/** customer id -> variant id (absent when unmailed). */
function variantOfCustomer(m: Mailing, data: AssembleData): Map<string, string> {
  const out = new Map<string, string>();
  for (let c = 0; c < m.customerVariant.length; c++) if (m.customerVariant[c]! >= 0) out.set(data.customers.ids.id(c), m.variants[m.customerVariant[c]!]!.id);
  return out;
}

const arbCase = fc
  .record({
    offers: fc.integer({ min: 1, max: 6 }),
    stride: fc.integer({ min: 1, max: 4 }),
    customers: fc.integer({ min: 0, max: 40 }),
  })
  .chain(({ offers, stride, customers }) =>
    fc.record({
      offers: fc.constant(offers),
      stride: fc.constant(stride),
      rows: fc.array(fc.array(fc.integer({ min: 0, max: offers - 1 }), { maxLength: stride }), { minLength: customers, maxLength: customers }),
      segments: fc.array(fc.constantFrom(undefined, 'family', 'student', 'other'), { minLength: customers, maxLength: customers }),
      customerPerm: fc.shuffledSubarray([...Array(customers).keys()], { minLength: customers, maxLength: customers }),
      offerPerm: fc.shuffledSubarray([...Array(offers).keys()], { minLength: offers, maxLength: offers }),
    }),
  );

describe('assembleMailing', () => {
  const layout = createLayout({ slots: ['targeted', 'targeted', 'generic'], creatives: { family: 'kids' } });

  it('assembleMailing(plan, data) groups identical rows into one variant named by its content hash', () => {
    const data = handData({ customers: ['c1', 'c2', 'c3', 'c4'], offers: ['A', 'B', 'C'] });
    const plan = planFromRows([{ offers: [0, 1] }, { offers: [] }, { offers: [0, 1] }, { offers: [1, 0] }], 3);
    const m = assembleMailing(plan, data, { layout });
    expect(m.variants.map((v) => v.offers)).toEqual(
      [
        { id: variantId(['A', 'B'], layout.id, 'standard'), offers: ['A', 'B'] },
        { id: variantId(['B', 'A'], layout.id, 'standard'), offers: ['B', 'A'] },
      ]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((v) => v.offers),
    );
    const ab = m.variants.findIndex((v) => v.offers.join() === 'A,B');
    expect(Array.from(m.customerVariant)).toEqual([ab, -1, ab, 1 - ab]);
    expect(m.variants[ab]!.customers).toBe(2);
    expect(m.variants[ab]!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(m.stats.customersMailed).toBe(3);
    expect(m.stats.customersUnmailed).toBe(1);
  });

  it('assembleMailing(plan, data) matches a string-keyed reference grouping (property)', () => {
    fc.assert(
      fc.property(arbCase, ({ offers, stride, rows, segments }) => {
        const data = handData({ customers: rows.map((_, c) => `c${c}`), offers: [...Array(offers).keys()].map((o) => `o${o}`), segments });
        const plan = planFromRows(rows.map((r) => ({ offers: r, reasons: r.map(() => T) })), stride);
        const l = createLayout({ slots: Array(stride).fill('targeted'), creatives: { family: 'kids', student: 'campus' } });
        const m = assembleMailing(plan, data, { layout: l });
        const creativeOf = (c: number) => (segments[c] === 'family' ? 'kids' : segments[c] === 'student' ? 'campus' : 'standard');
        const ref = referenceGroups(plan, data, creativeOf);
        expect(m.variants.length).toBe(ref.size);
        expect(m.stats.variants).toBe(ref.size);
        for (const v of m.variants) {
          expect(ref.get(JSON.stringify([v.creative, v.offers]))?.customers).toBe(v.customers);
          expect(v.id).toBe(variantId(v.offers, l.id, v.creative));
        }
        for (let i = 1; i < m.variants.length; i++) expect(m.variants[i - 1]!.id < m.variants[i]!.id).toBe(true);
        let sum = 0;
        for (const v of m.variants) sum += v.customers;
        expect(sum).toBe(rows.filter((r) => r.length > 0).length);
        expect(m.stats.customersMailed).toBe(sum);
        for (let c = 0; c < rows.length; c++) {
          const v = m.customerVariant[c]!;
          if (rows[c]!.length === 0) expect(v).toBe(-1);
          else {
            expect(m.variants[v]!.offers).toEqual(rowIds(plan, data, c));
            expect(m.variants[v]!.creative).toBe(creativeOf(c));
          }
        }
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('assembleMailing(plan, data) gives the same variants when customers are permuted and offers re-interned (property)', () => {
    fc.assert(
      fc.property(arbCase, ({ offers, stride, rows, segments, customerPerm, offerPerm }) => {
        const offerIds = [...Array(offers).keys()].map((o) => `offer-${o}`);
        const customerIds = rows.map((_, c) => `cust-${c}`);
        const a = handData({ customers: customerIds, offers: offerIds, segments });
        const planA = planFromRows(rows.map((r) => ({ offers: r })), stride);
        // Shard B: customer i of B is customer customerPerm[i] of A; offer index k of B is offer offerPerm[k] of A.
        const offerNewIndex = new Array<number>(offers);
        offerPerm.forEach((old, k) => (offerNewIndex[old] = k));
        const b = handData({ customers: customerPerm.map((c) => customerIds[c]!), offers: offerPerm.map((o) => offerIds[o]!), segments: customerPerm.map((c) => segments[c]) });
        const planB = planFromRows(customerPerm.map((c) => ({ offers: rows[c]!.map((o) => offerNewIndex[o]!) })), stride);
        const l = createLayout({ slots: Array(stride).fill('targeted'), creatives: { family: 'kids' } });
        const ma = assembleMailing(planA, a, { layout: l });
        const mb = assembleMailing(planB, b, { layout: l });
        expect(mb.variants).toEqual(ma.variants);
        expect(variantOfCustomer(mb, b)).toEqual(variantOfCustomer(ma, a));
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('assembleMailing(plan, data) picks the creative by segment, default "standard", and splits variants by creative', () => {
    const data = handData({ customers: ['c1', 'c2', 'c3', 'c4'], offers: ['A', 'B'], segments: ['family', undefined, 'student', 'family'] });
    const plan = planFromRows([{ offers: [0, 1] }, { offers: [0, 1] }, { offers: [0, 1] }, { offers: [0, 1] }], 2);
    const m = assembleMailing(plan, data, { layout: createLayout({ slots: ['targeted', 'targeted'], creatives: { family: 'kids' } }) });
    const creatives = Array.from(m.customerVariant, (v) => m.variants[v]!.creative);
    expect(creatives).toEqual(['kids', 'standard', 'standard', 'kids']);
    expect(m.variants.length).toBe(2);
    expect(m.variants[m.customerVariant[0]!]!.id).not.toBe(m.variants[m.customerVariant[1]!]!.id);
  });

  it('assembleMailing(plan, data) ids change with the layout id', () => {
    const data = handData({ customers: ['c1'], offers: ['A'] });
    const plan = planFromRows([{ offers: [0] }], 1);
    const a = assembleMailing(plan, data, { layout: createLayout({ slots: ['targeted'], id: 'spring' }) });
    const b = assembleMailing(plan, data, { layout: createLayout({ slots: ['targeted'], id: 'summer' }) });
    expect(a.variants[0]!.id).not.toBe(b.variants[0]!.id);
  });

  it('assembleMailing(plan, data) throws LayoutViolationError for a sensitive offer in the lead slot', () => {
    const data = handData({ customers: ['c1', 'c2'], offers: ['A', 'PREG'], sensitive: [undefined, 'baby'] });
    const ok = planFromRows([{ offers: [0, 1] }, { offers: [0] }], 3);
    expect(() => assembleMailing(ok, data, { layout })).not.toThrow();
    const bad = planFromRows([{ offers: [0, 1] }, { offers: [1, 0] }], 3);
    let caught: unknown;
    try {
      assembleMailing(bad, data, { layout });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LayoutViolationError);
    expect((caught as LayoutViolationError).violation).toEqual({ rule: 'sensitive-lead', customer: 'c2', position: 1, offer: 'PREG', reason: 'targeted' });
    // The default layout also keeps the lead slot free of sensitive offers.
    expect(() => assembleMailing(bad, data)).toThrow(LayoutViolationError);
    // Only masked tags count: with sensitiveTags that exclude "baby" the row is accepted.
    expect(() => assembleMailing(bad, data, { layout, sensitiveTags: ['health'] })).not.toThrow();
    expect(() => assembleMailing(bad, data, { layout, sensitiveTags: ['baby'] })).toThrow(LayoutViolationError);
  });

  it('assembleMailing(plan, data) enforces slot kinds, per-slot sensitivity and the slot count', () => {
    const data = handData({ customers: ['c1'], offers: ['A', 'B', 'C', 'S'], sensitive: [undefined, undefined, undefined, 'health'] });
    const rule = (plan: MailerPlan, l = layout): string => {
      try {
        assembleMailing(plan, data, { layout: l });
        return 'ok';
      } catch (e) {
        return e instanceof LayoutViolationError ? e.violation.rule : String(e);
      }
    };
    const D = PlacementReason.discovery;
    const F = PlacementReason.fallback;
    expect(rule(planFromRows([{ offers: [0, 1, 2], reasons: [T, T, G] }], 3))).toBe('ok');
    // Rows are packed: a short mailer moves its generic offer up into a targeted slot.
    expect(rule(planFromRows([{ offers: [0, 2], reasons: [T, G] }], 3))).toBe('ok');
    expect(rule(planFromRows([{ offers: [0, 1, 2], reasons: [T, T, F] }], 3))).toBe('ok');
    expect(rule(planFromRows([{ offers: [0, 1, 2], reasons: [T, T, PlacementReason.decoy] }], 3))).toBe('ok');
    // A relevance-chosen offer never lands in a generic slot.
    expect(rule(planFromRows([{ offers: [0, 1, 2], reasons: [T, T, T] }], 3))).toBe('slot-kind');
    expect(rule(planFromRows([{ offers: [0, 1, 2], reasons: [G, T, D] }], 3))).toBe('slot-kind');
    expect(rule(planFromRows([{ offers: [0, 1, 2, 3] }], 4))).toBe('too-many-offers');
    const noSensitiveSecond = createLayout({ slots: [{ kind: 'targeted', sensitive: false }, { kind: 'targeted', sensitive: false }, 'targeted'] });
    expect(rule(planFromRows([{ offers: [0, 3] }], 3), noSensitiveSecond)).toBe('sensitive-slot');
    expect(rule(planFromRows([{ offers: [0, 1, 3] }], 3), noSensitiveSecond)).toBe('ok');
  });

  it('assembleMailing(plan, data) rejects plans that do not fit the data with a RangeError', () => {
    const data = handData({ customers: ['c1', 'c2'], offers: ['A'] });
    expect(() => assembleMailing(planFromRows([{ offers: [0] }], 1), data)).toThrow(RangeError);
    expect(() => assembleMailing(planFromRows([{ offers: [0] }, { offers: [1] }], 1), data)).toThrow(/offer index 1/);
    const plan = planFromRows([{ offers: [0] }, { offers: [0] }], 1);
    expect(() => assembleMailing({ ...plan, count: Int32Array.of(1, 2) }, data)).toThrow(RangeError);
  });

  it('assembleMailing(plan, data) does not mutate its inputs', () => {
    const data = handData({ customers: ['c1', 'c2', 'c3'], offers: ['A', 'B'], segments: ['x', undefined, 'x'] });
    const plan = planFromRows([{ offers: [1, 0] }, { offers: [] }, { offers: [0] }], 2);
    const before = { offer: plan.offer.slice(), value: plan.value.slice(), reason: plan.reason.slice(), count: plan.count.slice(), segment: data.customers.segment.slice() };
    assembleMailing(plan, data, { layout: createLayout({ slots: ['targeted', 'targeted'] }) });
    expect({ offer: plan.offer, value: plan.value, reason: plan.reason, count: plan.count, segment: data.customers.segment }).toEqual(before);
  });

  it('assembleMailing(plan, data) stats match a hand computation of customers per variant', () => {
    // Variant sizes 1, 2, 3, 4, 10 (distinct single-offer rows) plus 2 unmailed customers.
    const sizes = [1, 2, 3, 4, 10];
    const rows: Row[] = [];
    sizes.forEach((n, o) => {
      for (let i = 0; i < n; i++) rows.push({ offers: [o] });
    });
    rows.push({ offers: [] }, { offers: [] });
    const data = handData({ customers: rows.map((_, c) => `c${c}`), offers: sizes.map((_, o) => `o${o}`) });
    const s = assembleMailing(planFromRows(rows, 1), data).stats;
    expect(s.variants).toBe(5);
    expect(s.customersMailed).toBe(20);
    expect(s.customersUnmailed).toBe(2);
    // Sorted sizes [1,2,3,4,10]: median 3, nearest-rank p90 = ceil(4.5) = 5th = 10.
    expect(s.customersPerVariant).toEqual({
      min: 1,
      median: 3,
      p90: 10,
      max: 10,
      histogram: [
        { from: 1, to: 1, variants: 1 },
        { from: 2, to: 3, variants: 2 },
        { from: 4, to: 7, variants: 1 },
        { from: 8, to: 15, variants: 1 },
      ],
    });
  });
});

describe('variantId', () => {
  it('variantId(offerIds, layoutId, creative) is the sha256 prefix of the documented canonical serialisation', async () => {
    const { createHash } = await import('node:crypto');
    const canonical = '["offerkit-variant-v1","layout-a","standard",["O1","O,7"]]';
    expect(variantId(['O1', 'O,7'], 'layout-a', 'standard')).toBe(createHash('sha256').update(canonical).digest('hex').slice(0, 16));
    expect(variantId(['O,7', 'O1'], 'layout-a', 'standard')).not.toBe(variantId(['O1', 'O,7'], 'layout-a', 'standard'));
  });
});
