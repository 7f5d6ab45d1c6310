import type { Dataset } from '../ingest/ingest.js';
import { customerLines } from '../ingest/customerLines.js';
import { customerRecord } from '../ingest/customerTable.js';
import type { Profiles } from '../profile/profiles.js';
import { CHANNELS, type Customer } from '../schema/customer.js';
import { dayToIsoDate } from '../schema/days.js';
import { categoryHistory, resolveCustomer } from './customerHistory.js';

/** Everything offerkit holds about one customer, as plain JSON for a "your data" page. */
export interface CustomerDataView {
  /** The customer record as ingested. */
  record: Customer;
  consents: { mail: boolean; email: boolean; sms: boolean; sensitive: boolean; profilingOptOut: boolean };
  optedOutCategories: string[];
  transactions: {
    lines: number;
    baskets: number;
    firstDate: string | null;
    lastDate: string | null;
    spend: number;
    discount: number;
    /** Per category, biggest spend first. */
    byCategory: { category: string; department: string; sensitive: string | null; lines: number; baskets: number; spend: number; discount: number; lastDate: string }[];
  };
  contacts: { offer: string | null; offerName: string | null; campaign: string | null; date: string; channel: string; redeemed: boolean }[];
  /** The derived features the targeting model reads (Profiles rows), with what each means. */
  profile: {
    asOfDate: string;
    halfLifeDays: number;
    totalSpend: number;
    recencyWeightedSpend: number;
    visits: number;
    lines: number;
    firstVisitDate: string | null;
    lastVisitDate: string | null;
    discountShare: number;
    meanLinesPerVisit: number;
    region: string;
    categories: { category: string; spend: number; recencyWeightedSpend: number; purchases: number; lastDate: string; cycleDays: number | null }[];
  };
  /** Plain-language meaning of each derived feature. */
  featureGlossary: Record<string, string>;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Gathers everything held about a customer and every derived feature used for targeting, as a plain
 * JSON-serialisable object (dates as ISO strings, unknown numbers as `null`): the record and its
 * consents, opted-out categories, a transaction summary by category with names, the contact history,
 * and the Profiles rows. Nothing is hidden: it is the customer's own data.
 *
 * Cost: O(lines + contacts of the customer + categories).
 *
 * @example
 * JSON.stringify(dataView(data, profiles, 'c42'), null, 2);
 */
export function dataView(data: Dataset, profiles: Profiles, customer: string | number): CustomerDataView {
  const c = resolveCustomer(data, customer, 'dataView');
  const rec = customerRecord(data.customers, c);
  const cat = data.catalog;
  const { table: t, from, to } = customerLines(data, c);
  const hist = categoryHistory(data, c, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  const baskets = new Set<number>();
  let spend = 0;
  let discount = 0;
  for (let i = from; i < to; i++) {
    baskets.add(t.basket[i]!);
    spend += t.spend[i]!;
    discount += t.discount[i]!;
  }
  const byCategory: CustomerDataView['transactions']['byCategory'] = [];
  for (let k = 0; k < cat.categories.size; k++) {
    if (hist.lines[k] === 0) continue;
    const tag = cat.categorySensitive[k]!;
    byCategory.push({
      category: cat.categories.id(k),
      department: cat.departments.id(cat.categoryDepartment[k]!),
      sensitive: tag >= 0 ? cat.sensitiveTags.id(tag) : null,
      lines: hist.lines[k]!,
      baskets: hist.baskets[k]!,
      spend: round2(hist.spend[k]!),
      discount: round2(hist.discount[k]!),
      lastDate: dayToIsoDate(hist.lastDay[k]!),
    });
  }
  byCategory.sort((a, b) => b.spend - a.spend || a.category.localeCompare(b.category));

  const ct = data.contacts;
  const contacts: CustomerDataView['contacts'] = [];
  for (let i = ct.rowPtr[c]!; i < ct.rowPtr[c + 1]!; i++) {
    const o = ct.offer[i]!;
    contacts.push({
      offer: o < 0 ? null : ct.offerIds.id(o),
      offerName: o >= 0 && o < data.offers.ids.size ? data.offers.records[o]!.name : null,
      campaign: ct.campaign[i]! < 0 ? null : ct.campaigns.id(ct.campaign[i]!),
      date: dayToIsoDate(ct.day[i]!),
      channel: CHANNELS[ct.channel[i]!]!,
      redeemed: ct.redeemed[i] === 1,
    });
  }

  const categories: CustomerDataView['profile']['categories'] = [];
  for (let r = profiles.rowPtr[c]!; r < profiles.rowPtr[c + 1]!; r++) {
    categories.push({
      category: cat.categories.id(profiles.category[r]!),
      spend: round2(profiles.spend[r]!),
      recencyWeightedSpend: round2(profiles.weightedSpend[r]!),
      purchases: profiles.purchases[r]!,
      lastDate: dayToIsoDate(profiles.lastDay[r]!),
      cycleDays: finiteOrNull(profiles.cycleDays[r]!),
    });
  }
  const hasHistory = profiles.lastVisitDay[c]! >= 0;
  return {
    record: structuredClone(rec),
    consents: {
      mail: rec.consentMail,
      email: rec.consentEmail,
      sms: rec.consentSms,
      sensitive: rec.consentSensitive,
      profilingOptOut: rec.profilingOptOut,
    },
    optedOutCategories: [...rec.optedOutCategories],
    transactions: {
      lines: to - from,
      baskets: baskets.size,
      firstDate: to > from ? dayToIsoDate(t.day[from]!) : null,
      lastDate: to > from ? dayToIsoDate(t.day[to - 1]!) : null,
      spend: round2(spend),
      discount: round2(discount),
      byCategory,
    },
    contacts,
    profile: {
      asOfDate: dayToIsoDate(profiles.asOfDay),
      halfLifeDays: profiles.halfLifeDays,
      totalSpend: round2(profiles.totalSpend[c]!),
      recencyWeightedSpend: round2(profiles.weightedTotalSpend[c]!),
      visits: profiles.visits[c]!,
      lines: profiles.lines[c]!,
      firstVisitDate: hasHistory ? dayToIsoDate(profiles.firstDay[c]!) : null,
      lastVisitDate: hasHistory ? dayToIsoDate(profiles.lastVisitDay[c]!) : null,
      discountShare: finiteOrNull(profiles.discountShare[c]!) ?? 0,
      meanLinesPerVisit: finiteOrNull(profiles.basketSize[c]!) ?? 0,
      region: data.customers.regions.id(data.customers.region[c]!),
      categories,
    },
    featureGlossary: {
      recencyWeightedSpend: `Spend where each purchase counts half as much every ${profiles.halfLifeDays} days back`,
      purchases: 'Separate shopping trips that included the category',
      cycleDays: 'Typical days between your purchases of the category (null with fewer than two)',
      discountShare: 'Share of the full price you saved through promotions and coupons',
      meanLinesPerVisit: 'Average number of items on a receipt',
    },
  };
}
