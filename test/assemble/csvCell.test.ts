import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../src/assemble/csvCell.js';

const FC_SEED = Number(process.env.FC_SEED ?? 20250611);
console.log(`csvCell properties: fast-check seed ${FC_SEED}`);

describe('csvCell', () => {
  it('csvCell(value) quotes only cells with a comma, quote, CR or LF and doubles inner quotes', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell(' padded ')).toBe(' padded ');
    expect(csvCell('')).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\ronly')).toBe('"cr\ronly"');
    expect(csvCell(2.5)).toBe('2.5');
    expect(() => csvCell(Number.NaN)).toThrow(TypeError);
    expect(() => csvCell({} as unknown as string)).toThrow(TypeError);
  });

  it('csvRow(cells) round-trips any strings through an RFC 4180 parser (property)', () => {
    const cell = fc.oneof(fc.string(), fc.stringMatching(/^[a-z,"\r\n ]{0,8}$/), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // One column count per file, as the writers produce.
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const text = table.map((r) => csvRow(r)).join('');
        expect(text.endsWith('\r\n')).toBe(true);
        expect(parse(text, { relax_column_count: false, record_delimiter: '\r\n' })).toEqual(table);
      }),
      { seed: FC_SEED, numRuns: 500 },
    );
  });
});
