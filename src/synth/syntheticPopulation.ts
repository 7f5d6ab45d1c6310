import type { CustomerInput } from '../schema/customer.js';
import { mixSeed, type Random } from '../lib/random.js';
import { FACTORS } from './syntheticCatalog.js';

/** A region of the synthetic retailer: share of households, promotion intensity and taste tilt. */
interface RegionSpec {
  readonly name: string;
  readonly share: number;
  /** Base probability that a line is bought on promotion (price-led regions promote more). */
  readonly promo: number;
  /** Shift of the "premium" taste factor (quality-led regions are positive). */
  readonly premium: number;
  readonly stores: number;
}

/** Regions: `north` and `east` are price-led, `london` and `south` quality-led, `west` in between. */
export const REGIONS: readonly RegionSpec[] = [
  { name: 'north', share: 0.24, promo: 0.4, premium: -0.4, stores: 7 },
  { name: 'south', share: 0.2, promo: 0.2, premium: 0.35, stores: 6 },
  { name: 'east', share: 0.16, promo: 0.36, premium: -0.3, stores: 5 },
  { name: 'west', share: 0.2, promo: 0.26, premium: 0, stores: 6 },
  { name: 'london', share: 0.2, promo: 0.15, premium: 0.7, stores: 8 },
];

/** Name of the sensitive life-event segment. */
export const EXPECTING = 'expecting';

const FIRST = ['Alex', 'Sam', 'Jo', 'Chris', 'Pat', 'Jamie', 'Morgan', 'Robin', 'Charlie', 'Taylor', 'Amira', 'Priya', 'Olu', 'Wei', 'Sofia', 'Liam', 'Noah', 'Ella', 'Grace', 'Tom', 'Anna', 'Ravi', 'Zara', 'Owen'];
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Khan', 'Patel', 'Walker', 'Wright', 'Hughes', 'Green', 'Hall', 'Wood', 'Clarke', 'Ahmed', 'Murphy', 'Nowak', 'Chen', 'Okafor', 'Price', 'Bell', 'Reid'];
const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

/** The households with their hidden traits; index `i` is customer `i` everywhere. */
export interface SyntheticPopulation {
  readonly customers: CustomerInput[];
  readonly ids: readonly string[];
  /** Taste vectors, row-major `customers x FACTORS`. */
  readonly taste: Float64Array;
  readonly region: Int32Array;
  /** Store visits per day (the Poisson rate of trips). */
  readonly visitRate: Float64Array;
  /** First day index the household shops (0 for most; later for new joiners). */
  readonly joinDay: Int32Array;
  /** Day index from which the household no longer shops (`days` unless it lapsed). */
  readonly leaveDay: Int32Array;
  /** Day index of the life event for `expecting` households, `-1` otherwise. */
  readonly eventDay: Int32Array;
  /** Multiplier of the region's promotion probability (price sensitivity). */
  readonly promoProneness: Float64Array;
  /** Multiplier of coupon redemption probability. */
  readonly couponProneness: Float64Array;
  readonly regionPromo: Float64Array;
}

/**
 * Draws `n` households: region and store, a latent taste vector (region-tilted), shopping frequency,
 * joining/lapsing, the `expecting` life event (~3%), price and coupon proneness, consents and optional
 * demographics. Customer `i` draws from its own sub-stream, so it does not depend on `n`.
 *
 * Cost: O(n x FACTORS).
 */
export function buildSyntheticPopulation(seed: number, n: number, days: number, categoryIds: readonly string[], rng: Random): SyntheticPopulation {
  rng.reseed(mixSeed(seed, 201));
  const R = REGIONS.length;
  const regionMean = new Float64Array(R * FACTORS);
  const regionCum = new Float64Array(R);
  const regionPromo = new Float64Array(R);
  const storeCum: Float64Array[] = [];
  let acc = 0;
  for (let r = 0; r < R; r++) {
    const spec = REGIONS[r]!;
    for (let f = 0; f < FACTORS; f++) regionMean[r * FACTORS + f] = rng.normal(0, 0.25);
    regionMean[r * FACTORS + 1] += spec.premium;
    acc += spec.share;
    regionCum[r] = acc;
    regionPromo[r] = spec.promo;
    const cum = new Float64Array(spec.stores);
    let s = 0;
    for (let k = 0; k < spec.stores; k++) cum[k] = s += 1 / (k + 1);
    storeCum.push(cum);
  }

  const taste = new Float64Array(n * FACTORS);
  const region = new Int32Array(n);
  const visitRate = new Float64Array(n);
  const joinDay = new Int32Array(n);
  const leaveDay = new Int32Array(n);
  const eventDay = new Int32Array(n);
  const promoProneness = new Float64Array(n);
  const couponProneness = new Float64Array(n);
  const customers: CustomerInput[] = [];
  const ids: string[] = [];
  const width = Math.max(6, String(n).length);
  const base = mixSeed(seed, 202);
  for (let i = 0; i < n; i++) {
    rng.reseed(mixSeed(base, i));
    const r = rng.pickCumulative(regionCum);
    region[i] = r;
    const store = `${REGIONS[r]!.name}-${String(1 + rng.pickCumulative(storeCum[r]!)).padStart(2, '0')}`;
    for (let f = 0; f < FACTORS; f++) taste[i * FACTORS + f] = regionMean[r * FACTORS + f]! + rng.normal(0, 0.85);
    // Trips per day: gamma with mean 1/7 (weekly), clamped between monthly-ish and most days.
    visitRate[i] = Math.min(0.85, Math.max(1 / 45, rng.gamma(2.5, 1 / 7 / 2.5)));
    joinDay[i] = rng.bernoulli(0.08) ? rng.int(Math.floor(days * 0.8)) : 0;
    leaveDay[i] = days;
    if (rng.bernoulli(0.08)) {
      const lo = Math.max(joinDay[i]! + 28, Math.floor(days * 0.3));
      const hi = days - 35;
      if (hi > lo) leaveDay[i] = lo + rng.int(hi - lo);
    }
    eventDay[i] = -1;
    const expecting = rng.bernoulli(0.03);
    const eventLo = Math.max(joinDay[i]! + 14, 30);
    const eventHi = Math.min(leaveDay[i]!, days) - 21;
    if (expecting && eventHi > eventLo) eventDay[i] = eventLo + rng.int(eventHi - eventLo);
    const t0 = taste[i * FACTORS]!;
    const t1 = taste[i * FACTORS + 1]!;
    // Price-led households (low premium taste) take more promotions.
    promoProneness[i] = Math.min(3, rng.gamma(3, 1 / 3) * Math.exp(-0.35 * t1));
    couponProneness[i] = Math.min(3, Math.max(0.1, rng.gamma(4, 0.25)));

    const id = `C${String(i + 1).padStart(width, '0')}`;
    ids.push(id);
    const record: CustomerInput = {
      id,
      name: `${rng.choice(FIRST)} ${rng.choice(LAST)}`,
      region: REGIONS[r]!.name,
      store,
      segment: t1 > 0.7 ? 'premium' : t1 < -0.5 ? 'value' : 'mainstream',
      consentMail: rng.bernoulli(0.95),
      consentEmail: rng.bernoulli(0.3),
      consentSms: rng.bernoulli(0.1),
      consentSensitive: rng.bernoulli(0.2),
      profilingOptOut: rng.bernoulli(0.02),
      optedOutCategories: [],
    };
    if (rng.bernoulli(0.03)) {
      const k = 1 + rng.int(2);
      const out = new Set<string>();
      for (let j = 0; j < k; j++) out.add(rng.choice(categoryIds));
      record.optedOutCategories = [...out];
    }
    // Demographics are known for about 70% of households; kids follow the "family" taste factor.
    const kids = Math.max(0, Math.min(4, Math.round(0.9 * t0 + rng.normal(0.3, 0.6))));
    const adults = rng.bernoulli(0.62) ? 2 : 1;
    const age = kids > 0 ? 1 + rng.int(3) : rng.int(AGE_BANDS.length);
    const income = t1 + rng.normal(0, 0.7);
    if (rng.bernoulli(0.7)) {
      record.ageBand = AGE_BANDS[eventDay[i]! >= 0 ? 1 + rng.int(2) : age]!;
      record.incomeBand = income > 0.6 ? 'high' : income < -0.6 ? 'low' : 'mid';
      record.householdSize = adults + kids;
      record.kidsCount = kids;
    }
    customers.push(record);
  }
  return { customers, ids, taste, region, visitRate, joinDay, leaveDay, eventDay, promoProneness, couponProneness, regionPromo };
}
