import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { fieldNames, parseRecord } from '../../src/schema/parseRecord.js';
import { dayToIsoDate, toDay } from '../../src/schema/days.js';
import { CSV_COLUMNS, CSV_DAY_COLUMNS, RECORD_SCHEMAS } from '../../src/ingest/csvColumns.js';
import { formatCsvValue, quoteCsvField } from '../../src/ingest/csvFormat.js';
import type { RecordKind } from '../../src/ingest/ingestReport.js';
import { caseArbs, dayArb, SEED } from './arbitraries.js';

const KINDS = Object.keys(RECORD_SCHEMAS) as RecordKind[];

/** The record as a two-line CSV text (header + row), written the way writeCsv writes it. */
function toCsvText(kind: RecordKind, input: Record<string, unknown>): string {
  const cols = CSV_COLUMNS[kind];
  const days = new Set(CSV_DAY_COLUMNS[kind]);
  const row = cols.map((c) => quoteCsvField(formatCsvValue(input[c], days.has(c), c))).join(',');
  return `${cols.map((c) => quoteCsvField(c)).join(',')}\n${row}\n`;
}

/** Parses the CSV text back to a record, leaving empty cells out (what csvSource does). */
function fromCsvText(text: string): Record<string, string> {
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(1);
  return Object.fromEntries(Object.entries(rows[0]!).filter(([, v]) => v.trim() !== ''));
}

describe('parseRecord(schema, raw) on valid records', () => {
  for (const kind of KINDS) {
    it(`parseRecord(${kind} schema, valid record) accepts it and preserves every value`, () => {
      const known = fieldNames(RECORD_SCHEMAS[kind].shape);
      fc.assert(
        fc.property(caseArbs[kind], ({ input, expected }) => {
          const r = parseRecord(RECORD_SCHEMAS[kind], input, kind, 1, known);
          if (!r.ok) throw new Error(JSON.stringify(r.issues));
          expect(r.value).toEqual(expected);
        }),
        { seed: SEED, numRuns: 300 },
      );
    });

    it(`parseRecord(${kind} schema, CSV form of a valid record) preserves every value`, () => {
      const known = fieldNames(RECORD_SCHEMAS[kind].shape);
      fc.assert(
        fc.property(caseArbs[kind], ({ input, expected }) => {
          const raw = fromCsvText(toCsvText(kind, input));
          const r = parseRecord(RECORD_SCHEMAS[kind], raw, kind, 1, known);
          if (!r.ok) throw new Error(JSON.stringify(r.issues));
          expect(r.value).toEqual(expected);
        }),
        { seed: SEED, numRuns: 300 },
      );
    });
  }

  it('parseRecord(products schema, input) does not mutate the input', () => {
    fc.assert(
      fc.property(caseArbs.products, ({ input }) => {
        const before = structuredClone(input);
        parseRecord(RECORD_SCHEMAS.products, Object.freeze(input), 'products', 1, undefined);
        expect(input).toEqual(before);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});

describe('toDay / dayToIsoDate', () => {
  it('toDay(dayToIsoDate(d)) returns d for every day 1950..2080', () => {
    fc.assert(
      fc.property(dayArb, (d) => {
        const iso = dayToIsoDate(d);
        expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        // Reference: the UTC calendar date by plain Date arithmetic.
        expect(iso).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
        expect(toDay(iso)).toBe(d);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('toDay(impossible calendar date) is NaN, never a rolled-over day', () => {
    for (const s of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', 'yesterday', '']) expect(toDay(s)).toBeNaN();
    expect(toDay('2024-02-29')).toBe(toDay('2024-03-01') - 1);
  });
});
