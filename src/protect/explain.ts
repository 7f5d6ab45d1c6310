import type { Dataset } from '../ingest/ingest.js';
import type { Profiles } from '../profile/profiles.js';
import { categoryHistory, profileRow, resolveCustomer, resolveOffer } from './customerHistory.js';
import { sensitiveCategoryMask } from './sensitiveOffers.js';

/** The relevance model's contribution values for one (customer, offer) pair, as `scorePair` returns them. */
export interface ExplainContributions {
  total: number;
  affinity: number;
  crossSell: number;
  replenishment: number;
  value: number;
}

/** Who reads an explanation: only the customer may see a sensitive inference. */
export type ExplainAudience = 'customer' | 'staff' | 'marketing';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** Reader of the text. Default `'customer'`. */
  audience?: ExplainAudience;
  /** Weeks of history the purchase counts look at. Default 12. */
  windowWeeks?: number;
  /** Most reasons given. Default 3. */
  maxReasons?: number;
  /** Sensitive tags to hide from staff and marketing. Default `[]`: every tag in the catalogue. */
  sensitiveTags?: readonly string[];
}

/** One reason, tied to the model component it puts into words. */
export interface ExplanationReason {
  kind: 'affinity' | 'crossSell' | 'replenishment' | 'value' | 'general';
  /** The component's contribution to the score. */
  contribution: number;
  text: string;
}

/** Why an offer was chosen for a customer, in words the reader can follow. */
export interface Explanation {
  customerId: string;
  offerId: string;
  audience: ExplainAudience;
  /** Whether the offer targets a sensitive category (then staff and marketing see only a neutral reason). */
  sensitive: boolean;
  reasons: ExplanationReason[];
  /** The reasons as one paragraph. */
  text: string;
}

/** The neutral reason given to staff and marketing for a sensitive inference. */
export const NEUTRAL_REASON = 'Selected from your general shopping';

const times = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/**
 * Puts the model's contributions for (customer, offer) into plain words, largest contribution first,
 * with counts read from the customer's own transactions: "You bought ground coffee 6 times in the
 * last 12 weeks", "You usually buy milk every 6 days; it has been 7", "Popular with customers who buy
 * pasta". For an offer on a sensitive category, staff and marketing get only the neutral reason
 * "Selected from your general shopping"; no reason for them ever names a sensitive category.
 *
 * Cost: O(lines of the customer + categories).
 *
 * @example
 * explain(data, profiles, 'c42', 'coffee-20', scorePair(model, c, o)).text;
 * // 'You bought ground coffee 6 times in the last 12 weeks. …'
 */
export function explain(
  data: Dataset,
  profiles: Profiles,
  customer: string | number,
  offer: string | number,
  contributions: ExplainContributions,
  options: ExplainOptions = {},
): Explanation {
  const c = resolveCustomer(data, customer, 'explain');
  const o = resolveOffer(data, offer, 'explain');
  const audience = options.audience ?? 'customer';
  if (audience !== 'customer' && audience !== 'staff' && audience !== 'marketing') throw new TypeError(`explain: audience must be 'customer', 'staff' or 'marketing', got '${String(audience)}'`);
  const weeks = options.windowWeeks ?? 12;
  const maxReasons = options.maxReasons ?? 3;
  const sensitiveCat = sensitiveCategoryMask(data, options.sensitiveTags ?? []);
  const cats = data.offers.categories;
  const offerCats: number[] = [];
  let sensitive = false;
  for (let k = cats.rowPtr[o]!; k < cats.rowPtr[o + 1]!; k++) {
    offerCats.push(cats.index[k]!);
    if (sensitiveCat[cats.index[k]!] === 1) sensitive = true;
  }
  const hideSensitive = audience !== 'customer';
  const base = { customerId: data.customers.ids.id(c), offerId: data.offers.ids.id(o), audience, sensitive };
  const general = (): Explanation => {
    const reasons: ExplanationReason[] = [{ kind: 'general', contribution: contributions.total, text: NEUTRAL_REASON }];
    return { ...base, reasons, text: `${NEUTRAL_REASON}.` };
  };
  if (sensitive && hideSensitive) return general();

  const name = (k: number): string => data.catalog.categories.id(k);
  const asOf = profiles.asOfDay;
  const hist = categoryHistory(data, c, asOf - weeks * 7, asOf);
  const texts: Record<Exclude<ExplanationReason['kind'], 'general'>, () => string | null> = {
    affinity: () => {
      let best = -1;
      for (const k of offerCats) if (best < 0 || hist.baskets[k]! > hist.baskets[best]!) best = k;
      if (best < 0) return null;
      if (hist.baskets[best]! > 0) return `You bought ${name(best)} ${times(hist.baskets[best]!)} in the last ${weeks} weeks`;
      let row = -1;
      let rowCat = -1;
      for (const k of offerCats) {
        const r = profileRow(profiles, c, k);
        if (r >= 0 && (row < 0 || profiles.purchases[r]! > profiles.purchases[row]!)) {
          row = r;
          rowCat = k;
        }
      }
      if (row >= 0) return `You have bought ${name(rowCat)} ${times(profiles.purchases[row]!)} before`;
      return `Popular in ${name(best)} with shoppers like you`;
    },
    replenishment: () => {
      let bestRow = -1;
      let bestRatio = -1;
      let bestCat = -1;
      for (const k of offerCats) {
        const r = profileRow(profiles, c, k);
        if (r < 0 || !Number.isFinite(profiles.cycleDays[r]!) || profiles.cycleDays[r]! <= 0) continue;
        const ratio = (asOf - profiles.lastDay[r]!) / profiles.cycleDays[r]!;
        if (ratio > bestRatio) {
          bestRatio = ratio;
          bestRow = r;
          bestCat = k;
        }
      }
      if (bestRow < 0) return null;
      const every = Math.max(1, Math.round(profiles.cycleDays[bestRow]!));
      const since = asOf - profiles.lastDay[bestRow]!;
      return `You usually buy ${name(bestCat)} every ${every} day${every === 1 ? '' : 's'}; it has been ${since}`;
    },
    crossSell: () => {
      // The customer's most bought category outside the offer's, hiding sensitive ones from staff and marketing.
      let best = -1;
      for (let r = profiles.rowPtr[c]!; r < profiles.rowPtr[c + 1]!; r++) {
        const k = profiles.category[r]!;
        if (offerCats.includes(k) || (hideSensitive && sensitiveCat[k] === 1)) continue;
        if (best < 0 || profiles.purchases[r]! > profiles.purchases[best]!) best = r;
      }
      return best < 0 ? null : `Popular with customers who buy ${name(profiles.category[best]!)}`;
    },
    value: () => {
      const reward = data.offers.reward[o]!;
      return reward > 0 ? `It saves you ${reward.toFixed(2)}` : null;
    },
  };
  const order = (['affinity', 'replenishment', 'crossSell', 'value'] as const)
    .filter((kind) => contributions[kind] > 0)
    .sort((a, b) => contributions[b] - contributions[a]);
  const reasons: ExplanationReason[] = [];
  for (const kind of order) {
    if (reasons.length >= maxReasons) break;
    const text = texts[kind]();
    if (text !== null) reasons.push({ kind, contribution: contributions[kind], text });
  }
  if (reasons.length === 0) return general();
  return { ...base, reasons, text: reasons.map((r) => `${r.text}.`).join(' ') };
}
