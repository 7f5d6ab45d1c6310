import type { CustomerInput } from '../../schema/customer.js';
import type { CompleteJourneyRedemption } from './completeJourney.js';
import { byNumericId, countBand, textCell as text } from './csvCells.js';
import type { CsvRow } from './readCsvGz.js';

/** Where households appear: every one of them becomes a customer. */
export interface HouseholdSources {
  /** Per household, lines per store (from the transactions scan). */
  readonly storeCounts: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly recipientRows: readonly CsvRow[];
  readonly demographicRows: readonly CsvRow[];
  readonly redemptions: readonly CompleteJourneyRedemption[];
}

/**
 * One customer per household in transactions, campaigns, demographics or redemptions, by id
 * ascending: store = `store-<id>` of its most frequent store_id (ties: lower id; `store-unknown`
 * without lines), `region`, and age, income, household size and kids count from demographics.
 *
 * Cost: O(H log H + Σ stores) for H households.
 * @example mapHouseholds({ storeCounts, recipientRows, demographicRows, redemptions }, 'all')[0].store
 */
export function mapHouseholds(sources: HouseholdSources, region: string): CustomerInput[] {
  const { storeCounts, recipientRows, demographicRows, redemptions } = sources;
  const demographics = new Map(demographicRows.map((r) => [r.household_id, r]));
  const households = new Set<string>([...storeCounts.keys(), ...recipientRows.map((r) => r.household_id), ...demographics.keys(), ...redemptions.map((r) => r.household)]);
  return [...households].sort(byNumericId).map((id) => {
    let store = 'unknown';
    let best = 0;
    for (const [s, n] of storeCounts.get(id) ?? []) {
      if (n > best || (n === best && byNumericId(s, store) < 0)) {
        store = s;
        best = n;
      }
    }
    const d = demographics.get(id);
    return {
      id,
      region,
      store: `store-${store}`,
      ageBand: text(d?.age),
      incomeBand: text(d?.income),
      householdSize: countBand(d?.household_size),
      kidsCount: countBand(d?.kids_count),
    };
  });
}
