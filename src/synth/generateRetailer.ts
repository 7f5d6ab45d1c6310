import type { ContactEventInput } from '../schema/contactEvent.js';
import type { CustomerInput } from '../schema/customer.js';
import { toDay } from '../schema/days.js';
import type { OfferInput } from '../schema/offer.js';
import type { ProductInput } from '../schema/product.js';
import type { TransactionInput } from '../schema/transaction.js';
import { buildPastContacts } from './pastCampaigns.js';
import { PurchaseHistory, purchaseWorldOf } from './purchaseHistory.js';
import { createRandom } from '../lib/random.js';
import { createRedemptionSimulator, type RedemptionSimulator } from './redemptionSimulator.js';
import { buildSyntheticOffers } from './syntheticOffers.js';
import { EXPECTING } from './syntheticPopulation.js';
import { threadedLineBlocks } from './transactionThread.js';
import { DEPARTMENTS } from './taxonomy.js';
import { buildSyntheticWorld, monthlyPropensity } from './syntheticWorld.js';

/** Options of {@link generateRetailer}; every field is optional. */
export interface GenerateRetailerOptions {
  /** Households. Default `5_000`. */
  customers?: number;
  /** Products; at least one per category. Default `3_000`. */
  products?: number;
  /** Days of history, ending on `endDate` inclusive. Default `364`. */
  days?: number;
  /** Offers, of which the last min(5, offers) are store-wide generic offers. Default `2_000`. */
  offers?: number;
  /** Seed of every random draw. Default `1`. */
  seed?: number;
  /** Last trading day of the history, ISO `YYYY-MM-DD`. Default `'2024-12-31'`. */
  endDate?: string;
  /** Departments taken from the built-in taxonomy (1..20; `Baby` and `Health` are 4th and 5th). Default `20`. */
  departments?: number;
  /** Categories spread over the departments (at least one each). Default `300`. */
  categories?: number;
}

/** The hidden ground truth behind a generated retailer. */
export interface SyntheticTruth {
  /** Category ids (the products' `category` values); a category index is a position here. */
  readonly categories: readonly string[];
  /** Department name of each category. */
  readonly categoryDepartment: readonly string[];
  /** Configured repeat-purchase cycle of each category in days. */
  readonly cycleDays: readonly number[];
  /**
   * Latent probability in [0, 1] that customer `customerIndex` buys category `categoryIndex` in a
   * typical month, as of the mailing date (the day after `endDate`): taste only, whether or not the
   * household has lapsed. O(factors).
   */
  propensity(customerIndex: number, categoryIndex: number): number;
  /** The sensitive life-event segment the customer is in (`'expecting'`), `undefined` otherwise. */
  segment(customerIndex: number): string | undefined;
  /** ISO date of the life event for `expecting` customers, `undefined` otherwise. */
  eventDate(customerIndex: number): string | undefined;
}

/** Options of {@link SyntheticRetailer.transactions}. */
export interface TransactionStreamOptions {
  /**
   * Draw the purchase histories on a worker thread, a few blocks ahead of the consumer (such as
   * `ingest`), so generation and ingest use two cores; the lines are identical. Stopping early
   * stops the thread. Default `false`.
   */
  thread?: boolean;
}

/** A generated retailer: input records for `ingest`, a lazy transaction stream, ground truth and a simulator. */
export interface SyntheticRetailer {
  /** The options with every default filled in. */
  readonly options: Readonly<Required<GenerateRetailerOptions>>;
  /** First and last day of the history (ISO). */
  readonly startDate: string;
  readonly endDate: string;
  readonly products: ProductInput[];
  readonly customers: CustomerInput[];
  readonly offers: OfferInput[];
  /** Past campaign contacts inside the history window. */
  readonly contacts: ContactEventInput[];
  /**
   * Transaction lines ordered by customer then day, generated lazily: every call restarts from the
   * seed and yields identical lines, holding one household's lines at a time. With `{ thread: true }`
   * the histories are drawn on a worker thread while the caller consumes the lines (the same lines).
   */
  transactions(options?: TransactionStreamOptions): Generator<TransactionInput, void, undefined>;
  readonly truth: SyntheticTruth;
  readonly simulator: RedemptionSimulator;
}

function count(name: string, value: number, min: number): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

function resolveOptions(options: GenerateRetailerOptions): Required<GenerateRetailerOptions> {
  const departments = count('departments', options.departments ?? DEPARTMENTS.length, 1);
  if (departments > DEPARTMENTS.length) {
    throw new RangeError(`departments must be at most ${DEPARTMENTS.length} (the built-in taxonomy), got ${departments}`);
  }
  const categories = count('categories', options.categories ?? 300, departments);
  const products = count('products', options.products ?? 3_000, categories);
  const endDate = options.endDate ?? '2024-12-31';
  if (typeof endDate !== 'string') throw new TypeError(`endDate must be an ISO date string, got ${typeof endDate}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || Number.isNaN(toDay(endDate))) {
    throw new RangeError(`endDate must be a valid ISO date YYYY-MM-DD, got "${endDate}"`);
  }
  const seed = options.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`seed must be a finite number, got ${String(seed)}`);
  return {
    customers: count('customers', options.customers ?? 5_000, 1),
    products,
    days: count('days', options.days ?? 364, 28),
    offers: count('offers', options.offers ?? 2_000, 0),
    seed,
    endDate,
    departments,
    categories,
  };
}

/**
 * Generates a seeded synthetic grocery retailer: a 20-department / 300-category tree with brands
 * and log-normal prices, households with latent tastes (a low-rank factor model), regions (price-led
 * `north`/`east`, quality-led `london`/`south`) and stores, weekly-ish trips, replenishment cycles per
 * category, promotions, a sensitive `Baby` department and `health`-tagged categories, a hidden
 * `expecting` segment (~3%) that starts buying baby categories after its event, consents and
 * demographics, ~2,000 offers with rules, past campaign contacts, the ground-truth propensities and a
 * redemption simulator. Same options => deep-equal output; records pass `ingest` with zero rejects.
 *
 * Transactions stream lazily (about 220-230 lines per household-year), so millions of households
 * never sit in memory as lines.
 *
 * Cost: O(products + customers x (factors + contacts)) eagerly, plus O(C x factors + lines) per household
 * each time `transactions()` is iterated (about 3 million lines per CPU-second; see bench/synth-generate.ts).
 *
 * @example
 * const shop = generateRetailer({ customers: 1_000, seed: 7 });
 * const data = await ingest({ ...shop, transactions: shop.transactions() });
 * shop.truth.propensity(0, 0);                  // latent monthly probability
 * shop.simulator.redemptionProbability(0, 42);   // if customer 0 were mailed offer 42
 */
export function generateRetailer(options: GenerateRetailerOptions = {}): SyntheticRetailer {
  const opts = resolveOptions(options);
  const endDay = toDay(opts.endDate);
  const startDay = endDay - opts.days + 1;
  const rng = createRandom(opts.seed);
  const world = buildSyntheticWorld(
    opts.seed,
    { customers: opts.customers, products: opts.products, departments: opts.departments, categories: opts.categories, days: opts.days, startDay },
    rng,
  );
  const offerModel = buildSyntheticOffers(world, opts.offers, rng);
  const simulator = createRedemptionSimulator(world, offerModel);
  const contacts = buildPastContacts(world, offerModel, simulator, rng);

  const dates: string[] = [];
  for (let d = 0; d < opts.days; d++) dates.push(new Date((startDay + d) * 86_400_000).toISOString().slice(0, 10));
  const { catalog, population } = world;
  const N = population.ids.length;
  const C = catalog.categoryIds.length;
  const customerIds = population.ids;
  const productIds = catalog.productIds;

  function* inThread(): Generator<TransactionInput, void, undefined> {
    const history = new PurchaseHistory(world);
    for (let i = 0; i < N; i++) {
      history.run(i);
      const id = customerIds[i]!;
      let basket = '';
      let visit = -1;
      for (let k = 0; k < history.lines; k++) {
        const v = history.lineVisit[k]!;
        const day = history.visitDay[v]!;
        // One basket id string per visit, shared by its lines.
        if (v !== visit) {
          visit = v;
          basket = `${id}-${dates[day]}`;
        }
        yield {
          customer: id,
          product: productIds[history.lineProduct[k]!]!,
          date: dates[day]!,
          basket,
          quantity: history.lineQuantity[k]!,
          spend: history.lineSpend[k]!,
          discount: history.lineDiscount[k]!,
        };
      }
    }
  }

  function* onThread(): Generator<TransactionInput, void, undefined> {
    // A household has at most one visit a day, so (household, day) marks a new basket as the visit did.
    let customer = -1;
    let day = -1;
    let id = '';
    let basket = '';
    for (const block of threadedLineBlocks(purchaseWorldOf(world), 0, N)) {
      const { ring } = block;
      for (let at = block.start, end = block.start + block.length; at < end; at++) {
        const c = ring.customer[at]!;
        const d = ring.day[at]!;
        if (c !== customer || d !== day) {
          if (c !== customer) id = customerIds[c]!;
          customer = c;
          day = d;
          basket = `${id}-${dates[d]}`;
        }
        yield {
          customer: id,
          product: productIds[ring.product[at]!]!,
          date: dates[d]!,
          basket,
          quantity: ring.quantity[at]!,
          spend: ring.spend[at]!,
          discount: ring.discount[at]!,
        };
      }
    }
  }

  const transactions = (options: TransactionStreamOptions = {}): Generator<TransactionInput, void, undefined> => (options.thread === true ? onThread() : inThread());

  const checkCustomer = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= N) throw new RangeError(`customer index ${i} is out of range 0..${N - 1}`);
  };
  const truth: SyntheticTruth = {
    categories: catalog.categoryIds,
    categoryDepartment: catalog.categories.map((c) => catalog.departmentNames[c.department]!),
    cycleDays: Array.from(catalog.categoryCycle),
    propensity(i, c) {
      checkCustomer(i);
      if (!Number.isInteger(c) || c < 0 || c >= C) throw new RangeError(`category index ${c} is out of range 0..${C - 1}`);
      return monthlyPropensity(world, i, c, opts.days);
    },
    segment(i) {
      checkCustomer(i);
      return population.eventDay[i]! >= 0 ? EXPECTING : undefined;
    },
    eventDate(i) {
      checkCustomer(i);
      const e = population.eventDay[i]!;
      return e >= 0 ? dates[e] : undefined;
    },
  };

  return {
    options: opts,
    startDate: dates[0]!,
    endDate: dates[opts.days - 1]!,
    products: catalog.products,
    customers: population.customers,
    offers: offerModel.offers,
    contacts,
    transactions,
    truth,
    simulator: { redemptionProbability: simulator.redemptionProbability, simulate: simulator.simulate },
  };
}
