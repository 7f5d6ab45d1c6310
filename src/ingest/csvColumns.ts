import type { z } from 'zod';
import { ContactEventSchema } from '../schema/contactEvent.js';
import { CustomerSchema } from '../schema/customer.js';
import { OfferSchema } from '../schema/offer.js';
import { ProductSchema } from '../schema/product.js';
import { TransactionSchema } from '../schema/transaction.js';
import type { RecordKind } from './ingestReport.js';

/**
 * The zod schema of each record kind; its top-level fields are the CSV columns.
 * @example parseRecord(RECORD_SCHEMAS[kind], raw, 'tx.csv', 1, undefined)
 */
export const RECORD_SCHEMAS = {
  products: ProductSchema,
  customers: CustomerSchema,
  transactions: TransactionSchema,
  offers: OfferSchema,
  contacts: ContactEventSchema,
} as const satisfies Record<RecordKind, z.ZodObject>;

const KINDS = Object.keys(RECORD_SCHEMAS) as RecordKind[];

function perKind(pick: (field: string, schema: z.ZodType) => boolean): Record<RecordKind, readonly string[]> {
  const out = {} as Record<RecordKind, readonly string[]>;
  for (const kind of KINDS) {
    const shape = RECORD_SCHEMAS[kind].shape as Record<string, z.ZodType>;
    out[kind] = Object.freeze(Object.keys(shape).filter((f) => pick(f, shape[f]!)));
  }
  return Object.freeze(out);
}

/**
 * The canonical CSV columns of each record kind, in schema order: exactly the schema's field names.
 * Derived from the zod schemas once at load, so a new schema field is a new column.
 *
 * @example CSV_COLUMNS.transactions // ['customer', 'product', 'date', 'basket', 'quantity', 'spend', 'discount']
 */
export const CSV_COLUMNS: Record<RecordKind, readonly string[]> = perKind(() => true);

/**
 * The columns a CSV header must have: the fields whose schema rejects an absent value (no default,
 * not optional). Derived by `schema.shape[field].safeParse(undefined)`.
 *
 * Record-level rules are not column requirements: a contacts file needs `offer` or `campaign`
 * per row, which the row validation reports.
 * @example CSV_REQUIRED_COLUMNS.products // ['id', 'name', 'department', 'category', 'price']
 */
export const CSV_REQUIRED_COLUMNS: Record<RecordKind, readonly string[]> = perKind((_, s) => !s.safeParse(undefined).success);

/**
 * The date columns of each kind: fields that parse the ISO date `1970-01-02` to the day number `1`.
 * `writeCsv` prints numbers in these columns as ISO dates when asked via `dayColumns`.
 * @example CSV_DAY_COLUMNS.offers // ['validFrom', 'validTo']
 */
export const CSV_DAY_COLUMNS: Record<RecordKind, readonly string[]> = perKind((_, s) => {
  const r = s.safeParse('1970-01-02');
  return r.success && r.data === 1;
});
