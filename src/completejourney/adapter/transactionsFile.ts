import type { TransactionInput } from '../../schema/transaction.js';
import type { CompleteJourneySources } from './completeJourney.js';
import { numberCell as num } from './csvCells.js';
import { readCsvGz, type CsvRow } from './readCsvGz.js';

/** Columns every read of the transactions file needs. */
const TX_COLUMNS = ['household_id', 'store_id', 'basket_id', 'product_id', 'quantity', 'sales_value', 'retail_disc', 'coupon_disc', 'coupon_match_disc', 'transaction_timestamp'];

/** What the first pass over the transactions file learns: the facts products and customers need. */
export interface TransactionScan {
  /** Per product_id, the regular shelf price of each of its lines with a positive quantity, in file order. */
  readonly unitPrices: Map<string, number[]>;
  /** Per household_id, lines per store_id, in first-seen order. */
  readonly storeCounts: Map<string, Map<string, number>>;
  /** Data rows read. */
  readonly rows: number;
}

/**
 * Pass 1 over the transactions file: shelf prices per product (dunnhumby's formula
 * `(sales_value + retail_disc + coupon_match_disc) / quantity`, discounts as magnitudes) and store
 * visits per household.
 *
 * Cost: one streaming pass; memory O(lines with a quantity) for the prices, O(households · stores).
 * @example const { unitPrices } = await scanTransactions(join(dir, 'transactions_sample.csv.gz'));
 */
export async function scanTransactions(txPath: string): Promise<TransactionScan> {
  const unitPrices = new Map<string, number[]>();
  const storeCounts = new Map<string, Map<string, number>>();
  let rows = 0;
  for await (const r of readCsvGz(txPath, TX_COLUMNS)) {
    rows++;
    const q = num(r.quantity);
    if (q > 0) {
      const price = (num(r.sales_value) + Math.abs(num(r.retail_disc)) + Math.abs(num(r.coupon_match_disc))) / q;
      const list = unitPrices.get(r.product_id);
      if (list === undefined) unitPrices.set(r.product_id, [price]);
      else list.push(price);
    }
    let stores = storeCounts.get(r.household_id);
    if (stores === undefined) storeCounts.set(r.household_id, (stores = new Map()));
    stores.set(r.store_id, (stores.get(r.store_id) ?? 0) + 1);
  }
  return { unitPrices, storeCounts, rows };
}

function mapTransaction(r: CsvRow): TransactionInput {
  return {
    customer: r.household_id,
    product: r.product_id,
    date: r.transaction_timestamp,
    basket: r.basket_id,
    quantity: num(r.quantity),
    spend: num(r.sales_value),
    // Discounts are negative in dunnhumby's original release and positive in the R/Python packages: sum magnitudes.
    discount: Math.abs(num(r.retail_disc)) + Math.abs(num(r.coupon_disc)) + Math.abs(num(r.coupon_match_disc)),
  };
}

/**
 * The transactions source for `ingest`: one record per line, unfiltered, so ingest's rejects cite the
 * file's own row numbers.
 *
 * Cost: nothing until iterated; each iteration is one streaming pass over the file.
 * @example for await (const t of streamTransactions(txPath).records) t.customer;
 */
export function streamTransactions(txPath: string): CompleteJourneySources['transactions'] {
  return {
    name: txPath,
    // Re-iterable: every iteration streams the file again, so ingest can run more than once without holding lines in memory.
    records: {
      [Symbol.asyncIterator]: async function* () {
        for await (const r of readCsvGz(txPath, TX_COLUMNS)) yield mapTransaction(r);
      },
    },
  };
}
