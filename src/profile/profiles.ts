/**
 * Per-customer features computed once from purchase history, as typed arrays.
 *
 * Per (customer, category) values are a CSR over the categories each customer bought:
 * customer `c` owns entries `rowPtr[c] .. rowPtr[c + 1]`, sorted by category index.
 * All days are integer day numbers (see `toDay`); `asOfDay` is the day the profile describes
 * (history strictly before it is used).
 */
export interface Profiles {
  readonly customerCount: number;
  readonly categoryCount: number;
  readonly asOfDay: number;
  /** Half-life in days of the recency weight `0.5 ** ((asOfDay - day) / halfLifeDays)`. */
  readonly halfLifeDays: number;

  // ---- per (customer, category), CSR ----
  readonly rowPtr: Int32Array;
  readonly category: Int32Array;
  /** Recency-weighted spend in the category. */
  readonly weightedSpend: Float32Array;
  /** Plain spend in the category. */
  readonly spend: Float32Array;
  /** Distinct visits (baskets) that bought the category. */
  readonly purchases: Int32Array;
  /** Last day the category was bought. */
  readonly lastDay: Int32Array;
  /** Median days between distinct purchase days of the category; `NaN` with fewer than two. */
  readonly cycleDays: Float32Array;

  // ---- per customer ----
  readonly totalSpend: Float64Array;
  readonly weightedTotalSpend: Float64Array;
  /** Distinct visits (baskets). */
  readonly visits: Int32Array;
  /** Transaction lines. */
  readonly lines: Int32Array;
  readonly firstDay: Int32Array;
  /** Last visit day; `-1` with no history. */
  readonly lastVisitDay: Int32Array;
  /** Discount / (spend + discount): price sensitivity in [0, 1]. */
  readonly discountShare: Float32Array;
  /** Mean lines per visit. */
  readonly basketSize: Float32Array;
  readonly region: Int32Array;

  // ---- population, per category ----
  /** Share of customers (with any history) who bought the category. */
  readonly penetration: Float32Array;
  /** Category's share of all recency-weighted spend: the prior for affinity shrinkage. */
  readonly spendShare: Float32Array;
  /** Median purchase cycle across customers; `NaN` when unknown. */
  readonly populationCycleDays: Float32Array;
}
