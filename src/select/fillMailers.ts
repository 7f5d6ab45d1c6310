import { PlacementReason, type MailerPlan } from './mailerPlan.js';
import { GENERIC_KIND } from './eligibility.js';
import { typedRow, type MailerRules } from './mailerRules.js';
import { Reason, REASON_NAME } from './reason.js';

/** The allocation's outcome per candidate entry (`c * k + j`) and per customer, as {@link fillMailers} reads it. */
export interface AllocatedPicks {
  readonly n: number;
  readonly k: number;
  readonly slots: number;
  /** Offers of `config.genericOffers`, in print order. */
  readonly fixed: readonly number[];
  /** Per customer selection status (a Reason): only `eligible` and `profilingOptOut` customers get a mailer. */
  readonly status: Uint8Array;
  readonly offer: Int32Array;
  readonly value: Float32Array;
  /** p(redeem) per entry, charged to budgets. */
  readonly propensity: Float32Array;
  readonly discovery: Uint8Array;
  readonly chosen: Uint8Array;
}

/** The selection plan and what its generic fill did. */
export interface FilledMailers {
  readonly plan: MailerPlan;
  readonly fallbackRecipients: Int32Array;
  readonly targetedMailers: number;
  readonly genericOnly: number;
  /** Generic offers the rules kept off a mailer (`config.genericOffers` refused, by reason name) and slots left empty (`emptySlots`). */
  readonly refused: Record<string, number>;
}

/**
 * Builds the selection's mailer plan: each customer's allocated picks in descending value, then
 * generic fallback offers (highest `priority` first) into free slots, then the campaign's fixed
 * generic offers. Every generic offer goes through `rules.admit` (the rules every later stage uses),
 * so the fill never breaks capacity, a budget, eligibility or the contact policy; `rules` must carry
 * the allocation's usage and is charged for what the fill adds.
 *
 * @example const { plan } = fillMailers(picks, rules);
 * Cost: O(customers x (k + generic pool x rule checks)).
 */
export function fillMailers(picks: AllocatedPicks, rules: MailerRules): FilledMailers {
  const { n, k, slots, fixed, status, offer, value, propensity, discovery, chosen } = picks;
  const offers = rules.data.offers;
  const m = offers.ids.size;
  const stride = slots + fixed.length;
  const fallbackP = rules.fallbackPropensity;
  const pool: number[] = [];
  for (let o = 0; o < m; o++) if (offers.kind[o] === GENERIC_KIND && rules.isFixed[o] === 0) pool.push(o);
  pool.sort((a, b) => offers.priority[b]! - offers.priority[a]! || a - b);
  const planOffer = new Int32Array(n * stride).fill(-1);
  const planValue = new Float32Array(n * stride);
  const planReason = new Uint8Array(n * stride);
  const planP = new Float32Array(n * stride);
  const planCount = new Int32Array(n);
  const fallbackRecipients = new Int32Array(m);
  const refusedCodes = new Float64Array(256);
  let emptySlots = 0;
  let targetedMailers = 0;
  let genericOnly = 0;
  for (let c = 0; c < n; c++) {
    const s = status[c]!;
    if (s !== Reason.eligible && s !== Reason.profilingOptOut) continue;
    const row = c * stride;
    let cnt = 0;
    // targeted picks in descending value (insertion into the row keeps it sorted)
    for (let e = c * k; e < c * k + k; e++) {
      if (chosen[e] === 0) continue;
      const v = value[e]!;
      let t = cnt++;
      while (t > 0 && planValue[row + t - 1]! < v) {
        planValue[row + t] = planValue[row + t - 1]!;
        planOffer[row + t] = planOffer[row + t - 1]!;
        planReason[row + t] = planReason[row + t - 1]!;
        planP[row + t] = planP[row + t - 1]!;
        t--;
      }
      planValue[row + t] = v;
      planOffer[row + t] = offer[e]!;
      planReason[row + t] = discovery[e] !== 0 ? PlacementReason.discovery : PlacementReason.targeted;
      planP[row + t] = propensity[e]!;
    }
    const targeted = cnt;
    for (let q = 0; q < pool.length && cnt < slots; q++) {
      const o = pool[q]!;
      if (rules.admit(c, typedRow(planOffer, row, cnt), o, PlacementReason.fallback, fallbackP) !== Reason.eligible) continue;
      rules.take(o, fallbackP);
      fallbackRecipients[o]!++;
      planOffer[row + cnt] = o;
      planReason[row + cnt] = PlacementReason.fallback;
      planP[row + cnt] = fallbackP;
      cnt++;
    }
    emptySlots += slots - cnt;
    for (let q = 0; q < fixed.length; q++) {
      const o = fixed[q]!;
      const r = rules.admit(c, typedRow(planOffer, row, cnt), o, PlacementReason.generic, fallbackP);
      if (r !== Reason.eligible) {
        refusedCodes[r]!++;
        continue;
      }
      rules.take(o, fallbackP);
      planOffer[row + cnt] = o;
      planReason[row + cnt] = PlacementReason.generic;
      planP[row + cnt] = fallbackP;
      cnt++;
    }
    planCount[c] = cnt;
    if (targeted > 0) targetedMailers++;
    else if (cnt > 0) genericOnly++;
  }
  const refused: Record<string, number> = {};
  for (let r = 0; r < 256; r++) if (refusedCodes[r]! > 0) refused[REASON_NAME[r]!] = refusedCodes[r]!;
  refused.emptySlots = emptySlots;
  const plan: MailerPlan = { customerCount: n, stride, offer: planOffer, value: planValue, reason: planReason, propensity: planP, count: planCount };
  return { plan, fallbackRecipients, targetedMailers, genericOnly, refused };
}
