// fast-check arbitraries of valid input records, each paired with the record the schema must produce.
// Shared by test/schema and test/ingest. Inputs vary their form (native values, CSV-like strings,
// Dates, day numbers) so every accepted form is exercised.
import fc from 'fast-check';
import { toDay } from '../../src/schema/days.js';
import { CHANNELS } from '../../src/schema/customer.js';
import { OFFER_KINDS, TARGET_HISTORIES } from '../../src/schema/offer.js';
import type { RecordKind } from '../../src/ingest/ingestReport.js';
import type { DataSources } from '../../src/ingest/ingest.js';

/** Seed of every property in these suites; override with FC_SEED=<n> to replay another run. */
export const SEED = Number(process.env.FC_SEED ?? 20_240_301);

/** A valid input record and the validated value the schema must return for it. */
export interface Case {
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}

const MS_PER_DAY = 86_400_000;
export const MIN_DAY = toDay('1950-01-01');
export const MAX_DAY = toDay('2080-12-31');

// Characters that stress CSV quoting and trimming: delimiter, quote, newlines, inner spaces, non-ASCII.
const chars = fc.constantFrom('a', 'b', 'Z', '7', '-', '_', '.', ',', '"', "'", ' ', '\n', 'é', 'ß', '€', '😀', ';', '\t');

/** Non-empty text with no leading/trailing whitespace (the schema trims text). */
export const textArb = fc.string({ unit: chars, minLength: 1, maxLength: 10 }).map((s) => s.trim()).filter((s) => s !== '');
/** Same, without the list separator, for list items. */
export const itemArb = textArb.filter((s) => !s.includes('|'));
/** Plain ids drawn from a small pool, so collisions (duplicates) happen. */
export const poolId = (prefix: string, size: number) => fc.integer({ min: 0, max: size - 1 }).map((i) => `${prefix}${i}`);

const listArb = fc.array(itemArb, { maxLength: 3 });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A finite double >= 0 (no -0, which a CSV cannot carry). */
export const nonNegArb = fc.double({ min: 0, max: 1e7, noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
const finiteArb = fc.double({ min: -1e7, max: 1e7, noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
const positiveArb = fc.double({ min: 1e-6, max: 1e4, noNaN: true, noDefaultInfinity: true });
const countArb = fc.integer({ min: 0, max: 1000 });
export const dayArb = fc.integer({ min: MIN_DAY, max: MAX_DAY });

/** A number given as a number or as its CSV text. */
const numberForm = (x: number) => fc.constantFrom<unknown>(x, String(x));
/** A day given as ISO date, ISO date-time, Date (any hour of that UTC day) or day number. */
const dayForm = (day: number) =>
  fc.oneof(
    fc.constant<unknown>(new Date(day * MS_PER_DAY).toISOString().slice(0, 10)),
    fc.constant<unknown>(new Date(day * MS_PER_DAY).toISOString()),
    fc.integer({ min: 0, max: MS_PER_DAY - 1 }).map<unknown>((ms) => new Date(day * MS_PER_DAY + ms)),
    fc.constant<unknown>(day),
  );
const boolForm = (b: boolean) => fc.constantFrom<unknown>(...(b ? [true, 'true', 'yes', '1', 'Y'] : [false, 'false', 'no', '0', 'N']));
const listForm = (items: string[]) => fc.constantFrom<unknown>(items, items.join('|'));

/** Builds a Case from per-field arbitraries of [input form, expected value]; `undefined` input leaves the key out. */
function record(fields: Record<string, fc.Arbitrary<[unknown, unknown]>>): fc.Arbitrary<Case> {
  return fc.record(fields).map((pairs) => {
    const input: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [k, [inp, exp]] of Object.entries(pairs)) {
      if (inp !== undefined) input[k] = inp;
      if (exp !== undefined) expected[k] = exp;
    }
    return { input, expected };
  });
}

const same = <T>(arb: fc.Arbitrary<T>) => arb.map((v) => [v, v] as [unknown, unknown]);
const opt = <T>(arb: fc.Arbitrary<T>) => optional(arb).map((v) => [v, v] as [unknown, unknown]);
const num = (arb: fc.Arbitrary<number>) => arb.chain((x) => numberForm(x).map((f) => [f, x] as [unknown, unknown]));
const optNum = (arb: fc.Arbitrary<number>) =>
  optional(arb).chain((x) => (x === undefined ? fc.constant<[unknown, unknown]>([undefined, undefined]) : num(fc.constant(x))));
const flag = (dflt: boolean) =>
  optional(fc.boolean()).chain((b) => (b === undefined ? fc.constant<[unknown, unknown]>([undefined, dflt]) : boolForm(b).map((f) => [f, b] as [unknown, unknown])));
const list = (arb: fc.Arbitrary<string[]> = listArb) => arb.chain((items) => listForm(items).map((f) => [f, items] as [unknown, unknown]));
const day = (arb: fc.Arbitrary<number> = dayArb) => arb.chain((d) => dayForm(d).map((f) => [f, d] as [unknown, unknown]));
const withDefault = <T>(arb: fc.Arbitrary<T>, dflt: T) => optional(arb).map((v) => [v, v ?? dflt] as [unknown, unknown]);

export interface Pools {
  id?: fc.Arbitrary<string>;
  customer?: fc.Arbitrary<string>;
  product?: fc.Arbitrary<string>;
  category?: fc.Arbitrary<string>;
  brand?: fc.Arbitrary<string>;
}

export const productArb = (p: Pools = {}) =>
  record({
    id: same(p.id ?? textArb),
    name: same(textArb),
    department: same(textArb),
    category: same(p.category ?? textArb),
    subcategory: opt(textArb),
    brand: opt(p.brand ?? textArb),
    price: num(nonNegArb),
    sensitive: opt(fc.constantFrom('baby', 'health', 'alcohol')),
  });

export const customerArb = (p: Pools = {}) =>
  record({
    id: same(p.id ?? textArb),
    name: opt(textArb),
    region: same(textArb),
    store: same(textArb),
    segment: opt(textArb),
    ageBand: opt(textArb),
    incomeBand: opt(textArb),
    householdSize: optNum(countArb),
    kidsCount: optNum(countArb),
    consentMail: flag(true),
    consentEmail: flag(false),
    consentSms: flag(false),
    consentSensitive: flag(false),
    profilingOptOut: flag(false),
    optedOutCategories: list(p.category ? fc.array(p.category, { maxLength: 2 }) : listArb),
  });

export const transactionArb = (p: Pools = {}) =>
  record({
    customer: same(p.customer ?? textArb),
    product: same(p.product ?? textArb),
    date: day(),
    basket: same(textArb),
    quantity: optNum(positiveArb).map(([i, e]) => [i, e ?? 1] as [unknown, unknown]),
    spend: num(finiteArb),
    discount: optNum(nonNegArb).map(([i, e]) => [i, e ?? 0] as [unknown, unknown]),
  });

export const offerArb = (p: Pools = {}) =>
  fc
    .record({
      base: record({
        id: same(p.id ?? textArb),
        name: same(textArb),
        kind: same(fc.constantFrom(...OFFER_KINDS)),
        targetProducts: list(fc.array(p.product ?? itemArb, { maxLength: 2 })),
        targetCategories: list(fc.array(p.category ?? itemArb, { maxLength: 2 })),
        targetBrands: list(fc.array(p.brand ?? itemArb, { maxLength: 2 })),
        reward: num(nonNegArb),
        cost: num(nonNegArb),
        margin: num(finiteArb),
        capacity: optNum(countArb),
        budget: optNum(nonNegArb),
        minVolume: optNum(countArb),
        priority: optNum(positiveArb).map(([i, e]) => [i, e ?? 1] as [unknown, unknown]),
        group: opt(textArb),
        channel: withDefault(fc.constantFrom(...CHANNELS), 'mail'),
        eligibleRegions: list(),
        eligibleStores: list(),
        eligibleSegments: list(),
        minLapsedDays: optNum(countArb),
        targetHistory: withDefault(fc.constantFrom(...TARGET_HISTORIES), 'any'),
      }),
      validFrom: dayArb,
      span: fc.integer({ min: 0, max: 400 }),
      spends: fc.tuple(optional(nonNegArb), optional(nonNegArb)),
      fallbackTarget: p.category ?? itemArb,
      forms: fc.tuple(fc.nat(3), fc.nat(3), fc.boolean(), fc.boolean()),
    })
    .map(({ base, validFrom, span, spends, fallbackTarget, forms }) => {
      const { input, expected } = base;
      const validTo = Math.min(validFrom + span, MAX_DAY);
      const iso = (d: number) => new Date(d * MS_PER_DAY).toISOString().slice(0, 10);
      const dayForms = (d: number): unknown[] => [iso(d), d, new Date(d * MS_PER_DAY), new Date(d * MS_PER_DAY).toISOString()];
      input.validFrom = dayForms(validFrom)[forms[0]];
      input.validTo = dayForms(validTo)[forms[1]];
      expected.validFrom = validFrom;
      expected.validTo = validTo;
      const targets = (expected.targetProducts as string[]).length + (expected.targetCategories as string[]).length + (expected.targetBrands as string[]).length;
      if (expected.kind !== 'generic' && targets === 0) {
        input.targetCategories = forms[2] ? [fallbackTarget] : fallbackTarget;
        expected.targetCategories = [fallbackTarget];
      }
      let [lo, hi] = spends;
      if (lo !== undefined && hi !== undefined && hi < lo) [lo, hi] = [hi, lo];
      if (lo !== undefined) expected.minSpend = input.minSpend = lo;
      if (hi !== undefined) {
        expected.maxSpend = hi;
        input.maxSpend = forms[3] ? String(hi) : hi;
      }
      return { input, expected } satisfies Case;
    });

export const contactArb = (p: Pools = {}) =>
  fc
    .tuple(
      record({
        customer: same(p.customer ?? textArb),
        offer: opt(textArb),
        campaign: opt(textArb),
        date: day(),
        channel: withDefault(fc.constantFrom(...CHANNELS), 'mail'),
        redeemed: flag(false),
      }),
      textArb,
    )
    .map(([c, campaign]) => {
      if (c.expected.offer === undefined && c.expected.campaign === undefined) c.input.campaign = c.expected.campaign = campaign;
      return c;
    });

/** The arbitrary of valid records of each kind (free ids). */
export const caseArbs: Record<RecordKind, fc.Arbitrary<Case>> = {
  products: productArb(),
  customers: customerArb(),
  transactions: transactionArb(),
  offers: offerArb(),
  contacts: contactArb(),
};

// ---- whole data sets: valid records with ~10% corrupted, small id pools ----

/** One input record and whether the test made it invalid on purpose. */
export interface Item {
  input: Record<string, unknown>;
  bad: boolean;
}
export type Inputs = Record<RecordKind, Item[]>;

// A corruption per kind that the schema alone rejects.
export const CORRUPT: Record<RecordKind, (r: Record<string, unknown>) => Record<string, unknown>> = {
  products: (r) => ({ ...r, price: -5 }),
  customers: (r) => ({ ...r, consentSms: 'perhaps' }),
  transactions: (r) => ({ ...r, date: '2024-02-30' }),
  offers: (r) => ({ ...r, kind: 'bogus' }),
  contacts: (r) => ({ ...r, channel: 'pigeon' }),
};

const items = (kind: RecordKind, arb: fc.Arbitrary<Case>, max: number) =>
  fc.array(
    fc.tuple(arb, fc.integer({ min: 0, max: 9 })).map(([c, k]): Item => (k === 0 ? { input: CORRUPT[kind](c.input), bad: true } : { input: c.input, bad: false })),
    { maxLength: max },
  );

// Small id pools make duplicate ids and dangling references common; pools of references are wider
// than pools of ids, so some references point at nothing.
export const inputsArb: fc.Arbitrary<Inputs> = fc.record({
  products: items('products', productArb({ id: poolId('p', 10), category: poolId('cat', 4), brand: poolId('br', 3) }), 12),
  customers: items('customers', customerArb({ id: poolId('c', 10), category: poolId('cat', 5) }), 12),
  offers: items('offers', offerArb({ id: poolId('o', 5), product: poolId('p', 12), category: poolId('cat', 5), brand: poolId('br', 4) }), 8),
  transactions: items('transactions', transactionArb({ customer: poolId('c', 12), product: poolId('p', 12) }), 30),
  contacts: items('contacts', contactArb({ customer: poolId('c', 12) }), 8),
});

export const sourcesOf = (inputs: Inputs): DataSources => ({
  products: inputs.products.map((i) => i.input),
  customers: inputs.customers.map((i) => i.input),
  transactions: inputs.transactions.map((i) => i.input),
  offers: inputs.offers.map((i) => i.input),
  contacts: inputs.contacts.map((i) => i.input),
});

