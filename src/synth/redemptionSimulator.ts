import { PurchaseHistory } from './purchaseHistory.js';
import { hashUnit } from '../lib/random.js';
import type { SyntheticOffers } from './syntheticOffers.js';
import { categoryRate, MONTH_DAYS, type SyntheticWorld } from './syntheticWorld.js';

/** One printed mailer: a customer index and the offer indices it carries. */
export interface SimulatedMailer {
  readonly customer: number;
  readonly offers: readonly number[];
}

/** A redeemed (customer, offer) pair, by index into the generated arrays. */
export interface Redemption {
  customer: number;
  offer: number;
}

/**
 * The synthetic retailer's redemption behaviour, known exactly so targeting can be scored against it.
 * Indices are positions in the generated `customers` and `offers` arrays; probabilities describe the
 * mailing date (the day after the history).
 */
export interface RedemptionSimulator {
  /**
   * Probability that the customer redeems the offer if mailed it.
   *
   * Targeted: `1 - exp(-0.22 x A x due x depth x proneness x activity)`, at most 0.9, where `A` is the chance
   * the customer buys any target category within a month (scaled down for product and brand targets),
   * `due` runs 0.6..1.6 with days since the last purchase of a target over the customer's own cycle
   * (0.9 when never bought), `depth` is `sqrt((reward / price) / 0.2)` clamped to 0.5..1.6, and
   * `activity` is 1, or 0.2 (0.5 for win-back offers) when the customer has not shopped for 6 weeks.
   * Generic: `0.012 x (0.5 + 0.5 proneness) x activity`.
   *
   * Cost: O(lines of the customer) when the customer differs from the previous call (its history is
   * regenerated), plus O(targets x lines).
   * @example retailer.simulator.redemptionProbability(0, 12) // e.g. 0.07
   */
  redemptionProbability(customer: number, offer: number): number;
  /**
   * Draws redemptions for mailers: each (customer, offer) is redeemed when a uniform draw keyed by
   * `(seed, customer, offer)` falls under its probability. Keyed draws make a pair's outcome independent
   * of the other mailers and their order (common random numbers across strategies being compared).
   *
   * Cost: O(mailers x offers x targets x lines); group mailers by customer for speed.
   * @example retailer.simulator.simulate([{ customer: 0, offers: [1, 2, 3] }], 7)
   */
  simulate(mailers: Iterable<SimulatedMailer>, seed: number): Redemption[];
}

const TARGETED_BASE = 0.22;
const GENERIC_BASE = 0.012;
const LAPSED_AFTER_DAYS = 42;
const MAX_PROBABILITY = 0.9;

/** The simulator plus the day-aware probability the past-campaign generator uses. */
export interface SyntheticSimulator extends RedemptionSimulator {
  /** Probability as of history day index `day` (only history before `day` counts). */
  probabilityAt(customer: number, offer: number, day: number): number;
}

/** Builds the simulator over a world and its offers. O(1); histories are generated on demand. */
export function createRedemptionSimulator(world: SyntheticWorld, offers: SyntheticOffers): SyntheticSimulator {
  const history = new PurchaseHistory(world);
  const N = world.population.ids.length;
  const O = offers.ids.length;
  const check = (customer: number, offer: number): void => {
    if (!Number.isInteger(customer) || customer < 0 || customer >= N) {
      throw new RangeError(`customer index ${customer} is out of range 0..${N - 1}`);
    }
    if (!Number.isInteger(offer) || offer < 0 || offer >= O) throw new RangeError(`offer index ${offer} is out of range 0..${O - 1}`);
  };

  const probabilityAt = (customer: number, offer: number, day: number): number => {
    check(customer, offer);
    history.run(customer);
    const lastVisit = history.lastVisitBefore(day);
    const lapsed = lastVisit < 0 || day - lastVisit > LAPSED_AFTER_DAYS;
    const activity = lapsed ? (offers.winBack[offer] === 1 ? 0.5 : 0.2) : 1;
    const prone = world.population.couponProneness[customer]!;
    if (offers.generic[offer] === 1) return GENERIC_BASE * (0.5 + 0.5 * prone) * activity;
    let miss = 1;
    let due = 0;
    for (let k = offers.targetStart[offer]!; k < offers.targetStart[offer + 1]!; k++) {
      const c = offers.targetCategory[k]!;
      const rate = categoryRate(world, customer, c, day);
      miss *= Math.exp(-MONTH_DAYS * rate);
      const last = history.lastPurchaseBefore(c, day);
      const d = last < 0 ? 0.9 : 0.6 + 0.4 * Math.min((day - last) * rate, 2.5);
      if (d > due) due = d;
    }
    const reach = (1 - miss) * offers.targetScale[offer]!;
    const depth = Math.min(1.6, Math.max(0.5, Math.sqrt(offers.reward[offer]! / offers.referencePrice[offer]! / 0.2)));
    // 1 - exp(-x) saturates smoothly: strong drivers compound without leaving [0, 1).
    return Math.min(MAX_PROBABILITY, 1 - Math.exp(-TARGETED_BASE * reach * due * depth * prone * activity));
  };

  return {
    probabilityAt,
    redemptionProbability: (customer, offer) => probabilityAt(customer, offer, world.days),
    simulate(mailers, seed) {
      const out: Redemption[] = [];
      for (const mailer of mailers) {
        for (const offer of mailer.offers) {
          const p = probabilityAt(mailer.customer, offer, world.days);
          if (hashUnit(seed, mailer.customer, offer) < p) out.push({ customer: mailer.customer, offer });
        }
      }
      return out;
    },
  };
}
