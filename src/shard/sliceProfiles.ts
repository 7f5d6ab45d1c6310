import type { Profiles } from '../profile/profiles.js';
import { takeCsrRows, takeRows } from './sliceRows.js';

/**
 * The profiles of customers `rows` only, in `rows` order: per-customer values and the
 * (customer, category) CSR are copied for those customers, while the population values
 * (`penetration`, `spendShare`, `populationCycleDays`) stay those of the whole data set, so a shard
 * scores its customers exactly as a run on every customer would. Inputs are not mutated.
 *
 * @example
 * const shardProfiles = sliceProfiles(profiles, shardRows(partition, 0));
 *
 * Cost: O(rows + profile entries of those rows).
 */
export function sliceProfiles(profiles: Profiles, rows: Int32Array): Profiles {
  const csr = takeCsrRows(
    profiles.rowPtr,
    [profiles.category, profiles.weightedSpend, profiles.spend, profiles.purchases, profiles.lastDay, profiles.cycleDays] as const,
    rows,
  );
  const [category, weightedSpend, spend, purchases, lastDay, cycleDays] = csr.columns;
  return {
    ...profiles,
    customerCount: rows.length,
    rowPtr: csr.rowPtr,
    category,
    weightedSpend,
    spend,
    purchases,
    lastDay,
    cycleDays,
    totalSpend: takeRows(profiles.totalSpend, rows),
    weightedTotalSpend: takeRows(profiles.weightedTotalSpend, rows),
    visits: takeRows(profiles.visits, rows),
    lines: takeRows(profiles.lines, rows),
    firstDay: takeRows(profiles.firstDay, rows),
    lastVisitDay: takeRows(profiles.lastVisitDay, rows),
    discountShare: takeRows(profiles.discountShare, rows),
    basketSize: takeRows(profiles.basketSize, rows),
    region: takeRows(profiles.region, rows),
  };
}
