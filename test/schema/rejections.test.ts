import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldNames, parseRecord } from '../../src/schema/parseRecord.js';
import { CSV_REQUIRED_COLUMNS, RECORD_SCHEMAS } from '../../src/ingest/csvColumns.js';
import type { RecordKind } from '../../src/ingest/ingestReport.js';
import { caseArbs, SEED, type Case } from './arbitraries.js';

const KINDS = Object.keys(RECORD_SCHEMAS) as RecordKind[];

/** The fields named by the issues of `raw`, or `null` when it is accepted. */
function rejectedFields(kind: RecordKind, raw: Record<string, unknown>): string[] | null {
  const r = parseRecord(RECORD_SCHEMAS[kind], raw, `${kind}.csv`, 7, fieldNames(RECORD_SCHEMAS[kind].shape));
  if (r.ok) return null;
  for (const issue of r.issues) {
    expect(issue.source).toBe(`${kind}.csv`);
    expect(issue.row).toBe(7);
  }
  return r.issues.map((i) => i.field);
}

/** A corruption of one field of a valid record; `field` is the one the issue must name. */
interface Bad {
  title: string;
  kind: RecordKind;
  field: string;
  apply: (c: Case) => Record<string, unknown>;
}

const set = (key: string, value: unknown) => (c: Case) => ({ ...c.input, [key]: value });

const BAD: Bad[] = [
  // wrong type
  { title: 'a text price', kind: 'products', field: 'price', apply: set('price', 'cheap') },
  { title: 'an object price', kind: 'products', field: 'price', apply: set('price', { amount: 1 }) },
  { title: 'a numeric name', kind: 'products', field: 'name', apply: set('name', 42) },
  { title: 'a text spend', kind: 'transactions', field: 'spend', apply: set('spend', '12,50') },
  { title: 'an infinite spend', kind: 'transactions', field: 'spend', apply: set('spend', Number.POSITIVE_INFINITY) },
  { title: 'a word consent', kind: 'customers', field: 'consentMail', apply: set('consentMail', 'maybe') },
  { title: 'a fractional household size', kind: 'customers', field: 'householdSize', apply: set('householdSize', 2.5) },
  { title: 'a fractional capacity', kind: 'offers', field: 'capacity', apply: set('capacity', '1.5') },
  { title: 'a word redeemed', kind: 'contacts', field: 'redeemed', apply: set('redeemed', 'perhaps') },
  // out of range
  { title: 'a negative price', kind: 'products', field: 'price', apply: set('price', -0.01) },
  { title: 'a negative quantity', kind: 'transactions', field: 'quantity', apply: set('quantity', '-2') },
  { title: 'a zero quantity', kind: 'transactions', field: 'quantity', apply: set('quantity', 0) },
  { title: 'a negative discount', kind: 'transactions', field: 'discount', apply: set('discount', -1) },
  { title: 'a negative kids count', kind: 'customers', field: 'kidsCount', apply: set('kidsCount', -1) },
  { title: 'a zero priority', kind: 'offers', field: 'priority', apply: set('priority', 0) },
  // bad dates
  { title: 'date 2024-02-30', kind: 'transactions', field: 'date', apply: set('date', '2024-02-30') },
  { title: 'date 2023-02-29', kind: 'contacts', field: 'date', apply: set('date', '2023-02-29') },
  { title: 'month 13', kind: 'transactions', field: 'date', apply: set('date', '2024-13-01') },
  { title: 'a word date', kind: 'transactions', field: 'date', apply: set('date', 'yesterday') },
  { title: 'an Invalid Date', kind: 'contacts', field: 'date', apply: set('date', new Date(Number.NaN)) },
  { title: 'a fractional day number', kind: 'transactions', field: 'date', apply: set('date', 19_000.5) },
  // unknown enum
  { title: 'an unknown offer kind', kind: 'offers', field: 'kind', apply: set('kind', 'bogus') },
  { title: 'an unknown offer channel', kind: 'offers', field: 'channel', apply: set('channel', 'fax') },
  { title: 'an unknown target history', kind: 'offers', field: 'targetHistory', apply: set('targetHistory', 'sometimes') },
  { title: 'an unknown contact channel', kind: 'contacts', field: 'channel', apply: set('channel', 'pigeon') },
  // record-level rules
  {
    title: 'validTo before validFrom',
    kind: 'offers',
    field: 'validTo',
    apply: (c) => ({ ...c.input, validFrom: c.expected.validFrom, validTo: (c.expected.validFrom as number) - 1 }),
  },
  {
    title: 'a targeted offer with no targets',
    kind: 'offers',
    field: 'targetCategories',
    apply: (c) => ({ ...c.input, kind: 'cross-sell', targetProducts: [], targetCategories: '', targetBrands: undefined }),
  },
  { title: 'maxSpend below minSpend', kind: 'offers', field: 'maxSpend', apply: (c) => ({ ...c.input, minSpend: '100', maxSpend: 99.5 }) },
  { title: 'a contact with neither offer nor campaign', kind: 'contacts', field: 'offer', apply: (c) => ({ ...c.input, offer: undefined, campaign: '  ' }) },
];

describe('parseRecord(schema, bad record) names the exact field', () => {
  for (const bad of BAD) {
    it(`parseRecord(${bad.kind} schema, record with ${bad.title}) rejects it naming only "${bad.field}"`, () => {
      fc.assert(
        fc.property(caseArbs[bad.kind], (c) => {
          expect(rejectedFields(bad.kind, c.input)).toBeNull();
          expect(rejectedFields(bad.kind, bad.apply(c))).toEqual([bad.field]);
        }),
        { seed: SEED, numRuns: 60 },
      );
    });
  }

  for (const kind of KINDS) {
    it(`parseRecord(${kind} schema, record missing a required field) names that field as missing`, () => {
      const required = CSV_REQUIRED_COLUMNS[kind];
      expect(required.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(caseArbs[kind], fc.constantFrom(...required), fc.constantFrom<unknown>(undefined, '', '   ', null, 'absent'), (c, field, blank) => {
          const raw = { ...c.input };
          if (blank === 'absent') delete raw[field];
          else raw[field] = blank;
          const r = parseRecord(RECORD_SCHEMAS[kind], raw, kind, 3, undefined);
          expect(r.ok).toBe(false);
          if (r.ok) return;
          const mine = r.issues.filter((i) => i.field === field);
          expect(mine).toHaveLength(1);
          if (blank === undefined || blank === 'absent') expect(mine[0]!.reason).toBe('required field is missing');
          // Removing validFrom also breaks the validTo >= validFrom rule; nothing else may be reported.
          for (const i of r.issues) expect([field, 'validTo']).toContain(i.field);
        }),
        { seed: SEED, numRuns: 100 },
      );
    });

    it(`parseRecord(${kind} schema, record with an unknown field) names the unknown field`, () => {
      fc.assert(
        fc.property(caseArbs[kind], fc.constantFrom('colour', 'Price', 'customer_id', ' id', 'notes'), (c, extra) => {
          fc.pre(!(extra in c.input));
          expect(rejectedFields(kind, { ...c.input, [extra]: 'x' })).toEqual([extra]);
          // With no known-field set (unknownFields: 'ignore') the record is accepted.
          expect(parseRecord(RECORD_SCHEMAS[kind], { ...c.input, [extra]: 'x' }, kind, 1, undefined).ok).toBe(true);
        }),
        { seed: SEED, numRuns: 40 },
      );
    });
  }

  it('parseRecord(schema, non-object) rejects the whole record with an empty field', () => {
    for (const raw of [null, 'id,name', 42, ['a', 'b']]) {
      const r = parseRecord(RECORD_SCHEMAS.products, raw, 'products', 2, undefined);
      expect(r.ok ? [] : r.issues.map((i) => [i.row, i.field])).toEqual([[2, '']]);
    }
  });

  it('parseRecord(offers schema, offer without kind) says "required field is missing" (regression: read "expected one of")', () => {
    const raw = { id: 'o', name: 'n', targetCategories: 'c', reward: 1, cost: 1, margin: 1, validFrom: '2024-01-01', validTo: '2024-01-02' };
    const r = parseRecord(RECORD_SCHEMAS.offers, raw, 'offers', 1, undefined);
    expect(r.ok ? [] : r.issues.map((i) => [i.field, i.reason])).toEqual([['kind', 'required field is missing']]);
  });

  // Regression: a schema-level zod `error` on z.number() in src/schema/fields.ts also replaced the
  // messages of its range checks, so a negative price read "expected a number" (fixed in fields.ts).
  it('parseRecord(products schema, negative price) explains the range, not "expected a number"', () => {
    const r = parseRecord(RECORD_SCHEMAS.products, { id: 'p', name: 'n', department: 'd', category: 'c', price: -1 }, 'products', 1, undefined);
    expect(r.ok ? '' : r.issues[0]!.reason).not.toBe('expected a number');
  });
});
