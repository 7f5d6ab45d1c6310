import { createRandom, mixSeed } from '../lib/random.js';
import { FACTORS } from './syntheticCatalog.js';
import type { SyntheticCatalog } from './syntheticCatalog.js';
import type { SyntheticPopulation } from './syntheticPopulation.js';
import { IMPULSE_PER_VISIT, PREGNANCY_BOOST, RATE_CAP, type SyntheticWorld } from './syntheticWorld.js';

/** The part of a {@link SyntheticWorld} that purchase histories are drawn from: typed arrays and a few numbers, so it can be posted to a worker thread. */
export interface PurchaseWorld extends Pick<SyntheticWorld, 'seed' | 'days' | 'shift'> {
  readonly catalog: Pick<
    SyntheticCatalog,
    'categoryIds' | 'categoryBase' | 'categoryVector' | 'categoryCycle' | 'categoryPregnancy' | 'productStart' | 'productCumulative' | 'productPrice'
  >;
  readonly population: Pick<SyntheticPopulation, 'joinDay' | 'leaveDay' | 'eventDay' | 'visitRate' | 'taste' | 'regionPromo' | 'region' | 'promoProneness'>;
}

/** The {@link PurchaseWorld} of `world` (shares its arrays). */
export function purchaseWorldOf(world: SyntheticWorld): PurchaseWorld {
  const { catalog: c, population: p } = world;
  return {
    seed: world.seed,
    days: world.days,
    shift: world.shift,
    catalog: {
      categoryIds: c.categoryIds,
      categoryBase: c.categoryBase,
      categoryVector: c.categoryVector,
      categoryCycle: c.categoryCycle,
      categoryPregnancy: c.categoryPregnancy,
      productStart: c.productStart,
      productCumulative: c.productCumulative,
      productPrice: c.productPrice,
    },
    population: {
      joinDay: p.joinDay,
      leaveDay: p.leaveDay,
      eventDay: p.eventDay,
      visitRate: p.visitRate,
      taste: p.taste,
      regionPromo: p.regionPromo,
      region: p.region,
      promoProneness: p.promoProneness,
    },
  };
}

/** Sub-stream id of the transaction draws (customer `i` uses `mixSeed(mixSeed(seed, TX_STREAM), i)`). */
const TX_STREAM = 301;

/**
 * Generates one household's purchase history at a time into reusable typed arrays, so streaming
 * millions of households allocates nothing per line. Lines come out sorted by day (visit), cycle-driven
 * lines by category within a visit, then impulse lines.
 *
 * Per household: store trips are a Poisson process at the household's rate between its join and
 * leave days (at most one a day); each category is a renewal process whose gaps are Gamma(4)
 * distributed around the household's mean gap `1 / rate` (regular, like real replenishment), and a
 * wanted purchase happens at the next trip; trips also carry Poisson impulse lines drawn by liking.
 * Products follow brand loyalty (a favourite per category, switching 30% of the time); price-led
 * households in price-led regions buy more lines on promotion.
 *
 * Cost: O(C x FACTORS + days + lines) per household, no allocation once the buffers have grown.
 */
export class PurchaseHistory {
  /** The household whose history the arrays hold (`-1` before the first run). */
  customer = -1;
  /** Number of lines and of visits (trips) held. */
  lines = 0;
  visits = 0;
  /** Day index of each visit, increasing. */
  readonly visitDay: Int32Array;
  lineVisit = new Int32Array(1024);
  lineCategory = new Int32Array(1024);
  lineProduct = new Int32Array(1024);
  lineQuantity = new Float64Array(1024);
  lineSpend = new Float64Array(1024);
  lineDiscount = new Float64Array(1024);

  private rawVisit = new Int32Array(1024);
  private rawCategory = new Int32Array(1024);
  private raw = 0;
  private readonly nextVisit: Int32Array;
  private readonly visitFill: Int32Array;
  private readonly likeCum: Float64Array;
  private readonly favourite: Int32Array;
  private readonly rng = createRandom(0);
  private readonly streamSeed: number;

  constructor(private readonly world: PurchaseWorld) {
    const days = world.days;
    const C = world.catalog.categoryIds.length;
    this.visitDay = new Int32Array(days);
    this.nextVisit = new Int32Array(days + 1);
    this.visitFill = new Int32Array(days + 1);
    this.likeCum = new Float64Array(C);
    this.favourite = new Int32Array(C);
    this.streamSeed = mixSeed(world.seed, TX_STREAM);
  }

  private pushRaw(visit: number, category: number): void {
    if (this.raw === this.rawVisit.length) {
      // Doubling keeps growth amortised O(1); buffers are kept for the next household.
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.rawVisit = grow(this.rawVisit);
      this.rawCategory = grow(this.rawCategory);
    }
    this.rawVisit[this.raw] = visit;
    this.rawCategory[this.raw] = category;
    this.raw++;
  }

  private ensureLineCapacity(n: number): void {
    if (this.lineVisit.length >= n) return;
    let size = this.lineVisit.length;
    while (size < n) size *= 2;
    this.lineVisit = new Int32Array(size);
    this.lineCategory = new Int32Array(size);
    this.lineProduct = new Int32Array(size);
    this.lineQuantity = new Float64Array(size);
    this.lineSpend = new Float64Array(size);
    this.lineDiscount = new Float64Array(size);
  }

  /** Generates household `i`'s history (a no-op when it is already held). */
  run(i: number): void {
    if (this.customer === i) return;
    const world = this.world;
    const { catalog, population } = world;
    const rng = this.rng;
    rng.reseed(mixSeed(this.streamSeed, i));
    const join = population.joinDay[i]!;
    const leave = population.leaveDay[i]!;
    const event = population.eventDay[i]!;

    // Trips: geometric gaps with P(trip on a day) = 1 - exp(-rate).
    const visitDay = this.visitDay;
    const logMiss = -population.visitRate[i]!; // log(1 - q) with q = 1 - exp(-rate)
    let nVisits = 0;
    let d = join + Math.floor(Math.log(1 - rng.next()) / logMiss);
    while (d < leave) {
      visitDay[nVisits++] = d;
      d += 1 + Math.floor(Math.log(1 - rng.next()) / logMiss);
    }
    // nextVisit[day] = first visit on or after `day` (nVisits when none): O(1) snapping of wanted purchases.
    const nextVisit = this.nextVisit;
    const days = world.days;
    let v = nVisits;
    nextVisit[days] = nVisits;
    for (let day = days - 1; day >= 0; day--) {
      if (v > 0 && visitDay[v - 1] === day) v--;
      nextVisit[day] = v;
    }

    // Cycle-driven purchases per category.
    this.raw = 0;
    const C = catalog.categoryIds.length;
    const base = catalog.categoryBase;
    const vec = catalog.categoryVector;
    const cycle = catalog.categoryCycle;
    const preg = catalog.categoryPregnancy;
    const taste = population.taste;
    const shift = world.shift;
    const likeCum = this.likeCum;
    const t0 = i * FACTORS;
    let like = 0;
    for (let c = 0; c < C; c++) {
      let z = base[c]! + shift;
      const v0 = c * FACTORS;
      for (let f = 0; f < FACTORS; f++) z += taste[t0 + f]! * vec[v0 + f]!;
      const s0 = 1 / (1 + Math.exp(-z));
      like += s0;
      likeCum[c] = like;
      if (nVisits === 0) continue;
      const r0 = (RATE_CAP * s0) / cycle[c]!;
      const boosted = event >= 0 && preg[c] === 1;
      const r1 = boosted ? (RATE_CAP / (1 + Math.exp(-(z + PREGNANCY_BOOST)))) / cycle[c]! : r0;
      let t = join + rng.exponential(r0);
      if (boosted && t >= event) t = event + rng.exponential(r1);
      while (t < leave) {
        const vi = nextVisit[Math.floor(t)]!;
        if (vi >= nVisits) break;
        const day = visitDay[vi]!;
        this.pushRaw(vi, c);
        const r = boosted && day >= event ? r1 : r0;
        // Gamma(4, 1/4) gap factor from one log of a product of four uniforms (mean 1, CV 0.5).
        const g = -Math.log((1 - rng.next()) * (1 - rng.next()) * (1 - rng.next()) * (1 - rng.next())) / 4;
        t = day + Math.max(1, g / r);
        if (boosted && day < event && t > event) t = event + rng.exponential(r1);
      }
    }
    // Impulse lines: Poisson per visit, category by liking.
    for (let k = 0; k < nVisits; k++) {
      const n = rng.poisson(IMPULSE_PER_VISIT);
      for (let j = 0; j < n; j++) this.pushRaw(k, rng.pickCumulative(likeCum, 0, C));
    }

    // Counting sort of raw lines by visit (stable: categories stay in generation order within a visit).
    const raw = this.raw;
    this.ensureLineCapacity(raw);
    const fill = this.visitFill;
    fill.fill(0, 0, nVisits + 1);
    const rawVisit = this.rawVisit;
    const rawCategory = this.rawCategory;
    for (let k = 0; k < raw; k++) fill[rawVisit[k]! + 1]++;
    for (let k = 0; k < nVisits; k++) fill[k + 1] += fill[k]!;
    const lineVisit = this.lineVisit;
    const lineCategory = this.lineCategory;
    for (let k = 0; k < raw; k++) {
      const pos = fill[rawVisit[k]!]!++;
      lineVisit[pos] = rawVisit[k]!;
      lineCategory[pos] = rawCategory[k]!;
    }

    // Products, quantities, prices and promotions, drawn in output order.
    const favourite = this.favourite;
    favourite.fill(-1);
    const start = catalog.productStart;
    const cum = catalog.productCumulative;
    const price = catalog.productPrice;
    const promo = Math.min(0.7, population.regionPromo[population.region[i]!]! * population.promoProneness[i]!);
    const lineProduct = this.lineProduct;
    const lineQuantity = this.lineQuantity;
    const lineSpend = this.lineSpend;
    const lineDiscount = this.lineDiscount;
    for (let k = 0; k < raw; k++) {
      const c = lineCategory[k]!;
      let p = favourite[c]!;
      if (p < 0 || rng.next() < 0.3) {
        p = rng.pickCumulative(cum, start[c]!, start[c + 1]!);
        if (favourite[c]! < 0) favourite[c] = p;
      }
      const u = rng.next();
      const q = u < 0.8 ? 1 : u < 0.95 ? 2 : 3;
      const gross = Math.round(price[p]! * q * 100) / 100;
      let discount = 0;
      if (rng.next() < promo) discount = Math.round(gross * (0.1 + 0.3 * rng.next()) * 100) / 100;
      lineProduct[k] = p;
      lineQuantity[k] = q;
      lineDiscount[k] = discount;
      lineSpend[k] = Math.round((gross - discount) * 100) / 100;
    }
    this.lines = raw;
    this.visits = nVisits;
    this.customer = i;
  }

  /** Day index of the last purchase of category `c` strictly before day index `day`, `-1` when none. O(lines). */
  lastPurchaseBefore(c: number, day: number): number {
    for (let k = this.lines - 1; k >= 0; k--) {
      if (this.lineCategory[k] === c) {
        const d = this.visitDay[this.lineVisit[k]!]!;
        if (d < day) return d;
      }
    }
    return -1;
  }

  /** Day index of the last visit strictly before day index `day`, `-1` when none. O(log visits). */
  lastVisitBefore(day: number): number {
    let lo = 0;
    let hi = this.visits;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.visitDay[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.visitDay[lo - 1]! : -1;
  }
}
