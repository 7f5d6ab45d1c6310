import type { OfferInput, OfferKind } from '../schema/offer.js';
import { mixSeed, type Random } from '../lib/random.js';
import { REGIONS } from './syntheticPopulation.js';
import { AFFINITY_SCALE, type SyntheticCatalog } from './syntheticCatalog.js';
import type { SyntheticWorld } from './syntheticWorld.js';

/** Store-wide generic offers: reward and the basket threshold it needs. */
const GENERIC: readonly (readonly [number, number])[] = [
  [1, 10],
  [2, 20],
  [3, 30],
  [5, 50],
  [7.5, 75],
];

const KINDS: readonly (readonly [Exclude<OfferKind, 'generic'>, number])[] = [
  ['cross-sell', 0.32],
  ['retention', 0.25],
  ['acquisition', 0.15],
  ['replenishment', 0.16],
  ['win-back', 0.12],
];

/** The offers with the resolved facts the simulator needs, by offer index. */
export interface SyntheticOffers {
  readonly offers: OfferInput[];
  readonly ids: readonly string[];
  /** CSR of resolved target categories: offer `o` owns `targetCategory[targetStart[o] .. targetStart[o + 1]]`. */
  readonly targetStart: Int32Array;
  readonly targetCategory: Int32Array;
  /** Share of a category's propensity that the targets capture (1 for categories, less for products and brands). */
  readonly targetScale: Float64Array;
  /** Price the reward is measured against (category median, product price, or the generic threshold). */
  readonly referencePrice: Float64Array;
  readonly reward: Float64Array;
  /** 1 for generic (untargeted) offers. */
  readonly generic: Uint8Array;
  /** 1 for win-back offers (they still reach lapsed households). */
  readonly winBack: Uint8Array;
}

const money = (x: number): number => Math.round(x * 100) / 100;
const pound = (x: number): string => (Number.isInteger(x) ? `£${x}` : `£${x.toFixed(2)}`);

/** The tables every targeted offer draws from. */
interface OfferDraws {
  /** Category pick: 60% uniform (niche categories get offers too), 40% by (softened) popularity. */
  readonly pickCategory: () => number;
  readonly kindCum: Float64Array;
  /** Categories of each brand (ingest resolves a brand target to all its products' categories). */
  readonly brandCats: Set<number>[];
}

function offerDraws(catalog: SyntheticCatalog, rng: Random): OfferDraws {
  const C = catalog.categoryIds.length;
  const popCum = new Float64Array(C);
  let acc = 0;
  for (let c = 0; c < C; c++) popCum[c] = acc += Math.exp(catalog.categoryBase[c]! / AFFINITY_SCALE);
  const pickCategory = (): number => (rng.bernoulli(0.6) ? rng.int(C) : rng.pickCumulative(popCum));
  const kindCum = new Float64Array(KINDS.length);
  acc = 0;
  for (let k = 0; k < KINDS.length; k++) kindCum[k] = acc += KINDS[k]![1];
  const brandCats: Set<number>[] = catalog.brandNames.map(() => new Set<number>());
  for (let p = 0; p < catalog.productIds.length; p++) brandCats[catalog.productBrand[p]!]!.add(catalog.productCategory[p]!);
  return { pickCategory, kindCum, brandCats };
}

/** An offer's resolved targets: categories, the label of its name, its reference price and the share of the category it captures. */
interface DrawnTarget {
  readonly cats: number[];
  readonly label: string;
  readonly ref: number;
  readonly scale: number;
}

/**
 * Draws the targets of an offer on category `c` (by `kindRoll`: the category, 72%; a few of its
 * products, 15%; a brand, 13%) and sets them on `record`.
 */
function drawTarget(catalog: SyntheticCatalog, c: number, kindRoll: number, brandCats: readonly Set<number>[], record: OfferInput, rng: Random): DrawnTarget {
  const C = catalog.categoryIds.length;
  const spec = catalog.categories[c]!;
  if (kindRoll < 0.72) {
    // One category, sometimes with its department neighbours.
    const cats = [c];
    const extra = rng.bernoulli(0.2) ? 1 + rng.int(2) : 0;
    for (let k = 1; k <= extra; k++) {
      const n = c + k;
      if (n < C && catalog.categories[n]!.department === spec.department) cats.push(n);
    }
    const label = cats.map((k) => catalog.categoryIds[k]!).join(' & ');
    const ref = catalog.categoryMedianPrice[c]!;
    record.targetCategories = cats.map((k) => catalog.categoryIds[k]!);
    return { cats, label, ref, scale: 1 };
  }
  const lo = catalog.productStart[c]!;
  const hi = catalog.productStart[c + 1]!;
  const p = rng.pickCumulative(catalog.productCumulative, lo, hi);
  const brand = catalog.productBrand[p]!;
  if (kindRoll < 0.87 || brand < 2) {
    // Own-label brands span every department, so own-label picks become product offers.
    const chosen = new Set([p]);
    const more = rng.int(3);
    for (let k = 0; k < more; k++) chosen.add(rng.pickCumulative(catalog.productCumulative, lo, hi));
    const list = [...chosen].sort((a, b) => a - b);
    record.targetProducts = list.map((k) => catalog.productIds[k]!);
    const ref = list.reduce((s, k) => s + catalog.productPrice[k]!, 0) / list.length;
    const label = list.length === 1 ? (catalog.products[p]!.name as string) : `selected ${spec.name}`;
    // A product offer captures part of the category: the more products, the more of it.
    let share = 0;
    for (const k of list) share += catalog.productCumulative[k]! - (k > 0 ? catalog.productCumulative[k - 1]! : 0);
    const total = catalog.productCumulative[hi - 1]! - (lo > 0 ? catalog.productCumulative[lo - 1]! : 0);
    return { cats: [c], label, ref, scale: 0.5 + 0.5 * (share / total) };
  }
  record.targetBrands = [catalog.brandNames[brand]!];
  const cats = [...brandCats[brand]!].sort((a, b) => a - b);
  return { cats, label: catalog.brandNames[brand]!, ref: catalog.productPrice[p]!, scale: 0.8 };
}

/** What the terms of an offer depend on besides its kind and target. */
interface TermsContext {
  /** Households (capacities and budgets scale with them). */
  readonly households: number;
  /** Last day of the history. */
  readonly endDay: number;
  readonly dates: (d: number) => string;
}

/**
 * Draws an offer's terms onto `record`, in this order: reward (10-60% of `ref`), cost, margin, some
 * capacity, budget and volume rules, validity, priority, group, channel, history rules, regions,
 * spend and segments; then fills the empty lists. Returns the reward.
 */
function drawTerms(record: OfferInput, kind: Exclude<OfferKind, 'generic'>, target: DrawnTarget, context: TermsContext, rng: Random): number {
  const { ref, label } = target;
  const { households: N, endDay, dates } = context;
  const depth = kind === 'acquisition' ? rng.uniform(0.3, 0.6) : rng.uniform(0.1, 0.5);
  const r = Math.max(0.1, Math.round(ref * depth * 20) / 20);
  record.name = `${pound(r)} off ${label}`;
  record.reward = r;
  record.cost = money(r * rng.uniform(0.5, 1));
  record.margin = money(ref * rng.uniform(0.3, 0.9));
  if (rng.bernoulli(0.2)) record.capacity = Math.max(10, Math.round(N * rng.uniform(0.02, 0.15)));
  if (rng.bernoulli(0.1)) record.budget = Math.max(5, money((record.cost as number) * N * rng.uniform(0.005, 0.03)));
  if (rng.bernoulli(0.05)) record.minVolume = 50;
  record.validFrom = dates(rng.bernoulli(0.2) ? endDay - rng.int(14) : endDay + 1);
  record.validTo = dates(endDay + 28 + 7 * rng.int(3));
  const pr = rng.next();
  if (pr < 0.1) record.priority = 1.5;
  else if (pr < 0.15) record.priority = 0.8;
  if (record.targetBrands !== undefined) record.group = 'brand-partners';
  else if (rng.bernoulli(0.05)) record.group = 'seasonal';
  record.channel = rng.bernoulli(0.9) ? 'mail' : 'email';
  if (kind === 'acquisition') record.targetHistory = 'never';
  if (kind === 'retention') record.targetHistory = 'bought';
  if (kind === 'win-back') {
    record.targetHistory = 'bought';
    record.minLapsedDays = rng.choice([42, 56, 70, 90]);
  }
  if (rng.bernoulli(0.05)) {
    const regions = rng.shuffle(REGIONS.map((x) => x.name)).slice(0, 1 + rng.int(2));
    record.eligibleRegions = regions;
  }
  if (rng.bernoulli(0.05)) record.minSpend = rng.choice([100, 250, 500]);
  if (rng.bernoulli(0.02)) record.eligibleSegments = [rng.choice(['premium', 'mainstream', 'value'])];
  record.targetProducts ??= [];
  record.targetCategories ??= [];
  record.targetBrands ??= [];
  record.eligibleRegions ??= [];
  record.eligibleStores = [];
  record.eligibleSegments ??= [];
  return r;
}

/**
 * Draws `count` offers: the last min(5, count) are store-wide generic offers (`£1 off £10` ...), the rest
 * target categories (72%), products (15%) or brands (13%), with kinds cross-sell, retention,
 * acquisition, replenishment and win-back; rewards 10-60% of the reference price; some capacity,
 * budget, region, spend and history rules; validity covering the 4 weeks after the history.
 *
 * Cost: O(count + products) (brand targets resolve through a brand -> categories table).
 */
export function buildSyntheticOffers(world: SyntheticWorld, count: number, rng: Random): SyntheticOffers {
  rng.reseed(mixSeed(world.seed, 401));
  const { catalog } = world;
  const endDay = world.days - 1;
  const dates = (d: number): string => new Date((world.startDay + d) * 86_400_000).toISOString().slice(0, 10);
  const { pickCategory, kindCum, brandCats } = offerDraws(catalog, rng);
  const terms: TermsContext = { households: world.population.ids.length, endDay, dates };

  const genericCount = Math.min(GENERIC.length, count);
  const targeted = count - genericCount;
  const offers: OfferInput[] = [];
  const ids: string[] = [];
  const targets: number[][] = [];
  const targetScale = new Float64Array(count);
  const referencePrice = new Float64Array(count);
  const reward = new Float64Array(count);
  const generic = new Uint8Array(count);
  const winBack = new Uint8Array(count);
  const width = Math.max(4, String(count).length);

  // Per offer the draws run kind, category, target roll, targets, terms: the synthetic data set depends on that order.
  for (let o = 0; o < targeted; o++) {
    const kind = KINDS[rng.pickCumulative(kindCum)]![0];
    let c = pickCategory();
    if (kind === 'replenishment') {
      // Replenishment offers go to categories bought on a cycle of a month or less.
      for (let tries = 0; tries < 20 && catalog.categoryCycle[c]! > 30; tries++) c = pickCategory();
    }
    const kindRoll = rng.next();
    const record: OfferInput = { id: `O${String(o + 1).padStart(width, '0')}`, kind };
    const target = drawTarget(catalog, c, kindRoll, brandCats, record, rng);
    targetScale[o] = target.scale;
    const r = drawTerms(record, kind, target, terms, rng);
    if (kind === 'win-back') winBack[o] = 1;
    offers.push(record);
    ids.push(record.id as string);
    targets.push(target.cats);
    referencePrice[o] = target.ref;
    reward[o] = r;
  }
  for (let g = 0; g < genericCount; g++) {
    const o = targeted + g;
    const [r, threshold] = GENERIC[g]!;
    const id = `G${String(g + 1).padStart(2, '0')}`;
    offers.push({
      id,
      name: `${pound(r)} off when you spend ${pound(threshold)}`,
      kind: 'generic',
      targetProducts: [],
      targetCategories: [],
      targetBrands: [],
      reward: r,
      cost: r,
      margin: money(threshold * 0.25),
      validFrom: dates(endDay + 1),
      validTo: dates(endDay + 28),
      channel: 'mail',
      eligibleRegions: [],
      eligibleStores: [],
      eligibleSegments: [],
    });
    ids.push(id);
    targets.push([]);
    referencePrice[o] = threshold;
    reward[o] = r;
    generic[o] = 1;
    targetScale[o] = 0;
  }
  const targetStart = new Int32Array(count + 1);
  for (let o = 0; o < count; o++) targetStart[o + 1] = targetStart[o]! + targets[o]!.length;
  const targetCategory = Int32Array.from(targets.flat());
  return { offers, ids, targetStart, targetCategory, targetScale, referencePrice, reward, generic, winBack };
}
