import { customerLines } from '../../ingest/customerLines.js';
import type { Dataset } from '../../ingest/ingest.js';

/** A customer's purchases before the campaign day, as the spend and history rules read them. */
export interface PurchaseHistory {
  /** Sum of `spend` over every line before the day (refunds included). */
  readonly spend: number;
  /** Category -> day of the customer's latest line in it before the day. */
  readonly lastBought: ReadonlyMap<string, number>;
}

/**
 * Reads the {@link PurchaseHistory} of customers from their transaction lines with `date < day`,
 * in memory or, for a data set ingested with `spill`, from its part files (reading customers in
 * order loads each part once). Internal to the audit.
 * @example new PurchaseReader(data, day).read(data.customers.ids.get('C1')).spend;
 */
export class PurchaseReader {
  // Latest day per catalog category, valid where stamp[k] is the customer read last: one pass over
  // the lines with typed arrays, and a Map only over the customer's distinct categories
  // (a Map update per line made this most of the audit's time).
  private readonly stamp: Int32Array;
  private readonly last: Int32Array;
  private readonly touched: number[] = [];

  constructor(
    private readonly data: Dataset,
    private readonly day: number,
  ) {
    this.stamp = new Int32Array(data.catalog.categories.size).fill(-1);
    this.last = new Int32Array(data.catalog.categories.size);
  }

  /**
   * The history of customer index `c`.
   * Cost: O(lines of the customer).
   */
  read(c: number): PurchaseHistory {
    const { table: t, from, to } = customerLines(this.data, c);
    const productCategory = this.data.catalog.productCategory;
    const { stamp, last, touched, day } = this;
    touched.length = 0;
    let spend = 0;
    for (let i = from; i < to; i++) {
      const d = t.day[i]!;
      if (d >= day) continue;
      spend += t.spend[i]!;
      const k = productCategory[t.product[i]!]!;
      if (stamp[k] !== c) {
        stamp[k] = c;
        last[k] = d;
        touched.push(k);
      } else if (d > last[k]!) last[k] = d;
    }
    const names = this.data.catalog.categories;
    const lastBought = new Map<string, number>();
    for (const k of touched) lastBought.set(names.id(k), last[k]!);
    return { spend, lastBought };
  }
}
