import type { Dataset } from '../ingest/ingest.js';
import { customerRecord } from '../ingest/customerTable.js';
import type { Profiles } from '../profile/profiles.js';
import { categoryHistory, resolveCustomer, resolveOffer } from './customerHistory.js';
import { sensitiveCategoryMask, sensitiveOfferMask } from './sensitiveOffers.js';

/** Options of {@link staffBrief}. */
export interface StaffBriefOptions {
  /** Show sensitive categories and offers too. Default `false`. */
  includeSensitive?: boolean;
  /** Weeks of recent purchases summarised. Default 4. */
  weeks?: number;
  /** Most categories listed in each section. Default 3. */
  top?: number;
  /** Tags treated as sensitive. Default `[]`: every tag in the catalogue. */
  sensitiveTags?: readonly string[];
}

/** A short brief for a service agent. */
export interface StaffBrief {
  customerId: string;
  name: string;
  recentCategories: { category: string; baskets: number; spend: number }[];
  openOffers: { id: string; name: string }[];
  /** Regular purchases now due: days since last purchase at or past the usual cycle. */
  dueNow: { category: string; everyDays: number; daysSince: number }[];
  /** Sensitive categories or offers left out (a count only, so the agent knows the brief is partial). */
  withheld: number;
  text: string;
}

/**
 * A short brief for service agents: the customer's name, top categories of the last 4 weeks, open
 * offers, and regular purchases now due. Sensitive categories and offers are left out unless
 * `includeSensitive: true`.
 *
 * Cost: O(lines of the customer + categories + open offers).
 *
 * @example
 * staffBrief(data, profiles, 'c42', ['coffee-20']).text;
 * // 'Ana Silva. Recently: ground coffee (3 trips), milk (2 trips). Open offers: 20% off coffee. Due now: milk (every 6 days, 7 since).'
 */
export function staffBrief(
  data: Dataset,
  profiles: Profiles,
  customer: string | number,
  openOffers: readonly (string | number)[] = [],
  options: StaffBriefOptions = {},
): StaffBrief {
  const c = resolveCustomer(data, customer, 'staffBrief');
  const weeks = options.weeks ?? 4;
  const top = options.top ?? 3;
  const include = options.includeSensitive ?? false;
  const sensCat = sensitiveCategoryMask(data, options.sensitiveTags ?? []);
  const sensOffer = sensitiveOfferMask(data, options.sensitiveTags ?? []);
  const asOf = profiles.asOfDay;
  const name = (k: number): string => data.catalog.categories.id(k);
  let withheld = 0;

  const hist = categoryHistory(data, c, asOf - weeks * 7, asOf);
  const recent: StaffBrief['recentCategories'] = [];
  for (let k = 0; k < hist.baskets.length; k++) {
    if (hist.baskets[k] === 0) continue;
    if (!include && sensCat[k] === 1) {
      withheld++;
      continue;
    }
    recent.push({ category: name(k), baskets: hist.baskets[k]!, spend: Math.round(hist.spend[k]! * 100) / 100 });
  }
  recent.sort((a, b) => b.spend - a.spend || b.baskets - a.baskets || a.category.localeCompare(b.category));

  const offers: StaffBrief['openOffers'] = [];
  for (const ref of openOffers) {
    const o = resolveOffer(data, ref, 'staffBrief');
    if (!include && sensOffer[o] === 1) {
      withheld++;
      continue;
    }
    offers.push({ id: data.offers.ids.id(o), name: data.offers.records[o]!.name });
  }

  const due: (StaffBrief['dueNow'][number] & { ratio: number })[] = [];
  for (let r = profiles.rowPtr[c]!; r < profiles.rowPtr[c + 1]!; r++) {
    const cycle = profiles.cycleDays[r]!;
    if (!Number.isFinite(cycle) || cycle <= 0) continue;
    const since = asOf - profiles.lastDay[r]!;
    if (since < cycle) continue;
    if (!include && sensCat[profiles.category[r]!] === 1) {
      withheld++;
      continue;
    }
    due.push({ category: name(profiles.category[r]!), everyDays: Math.max(1, Math.round(cycle)), daysSince: since, ratio: since / cycle });
  }
  // Most overdue relative to its own cycle first.
  due.sort((a, b) => b.ratio - a.ratio || a.category.localeCompare(b.category));
  const dueNow = due.slice(0, top).map(({ category, everyDays, daysSince }) => ({ category, everyDays, daysSince }));
  const recentCategories = recent.slice(0, top);

  const rec = customerRecord(data.customers, c);
  const who = rec.name ?? `Customer ${rec.id}`;
  const parts = [`${who}.`];
  parts.push(
    recentCategories.length === 0
      ? `No purchases in the last ${weeks} weeks.`
      : `Recently: ${recentCategories.map((x) => `${x.category} (${x.baskets} trip${x.baskets === 1 ? '' : 's'})`).join(', ')}.`,
  );
  if (offers.length > 0) parts.push(`Open offers: ${offers.map((x) => x.name).join(', ')}.`);
  if (dueNow.length > 0) parts.push(`Due now: ${dueNow.map((x) => `${x.category} (every ${x.everyDays} days, ${x.daysSince} since)`).join(', ')}.`);
  return { customerId: rec.id, name: who, recentCategories, openOffers: offers, dueNow, withheld, text: parts.join(' ') };
}
