import { type Random } from '../lib/random.js';
import { buildSyntheticCatalog, FACTORS, type SyntheticCatalog } from './syntheticCatalog.js';
import { buildSyntheticPopulation, type SyntheticPopulation } from './syntheticPopulation.js';

/**
 * Purchase-rate model shared by the transaction generator, the ground truth and the simulator.
 *
 * A household's affinity for category `c` is `z = base[c] + shift + taste . vector[c]` (a low-rank
 * factor model, so co-purchase structure exists); the `expecting` segment adds {@link PREGNANCY_BOOST}
 * to pregnancy-related categories from its event day on. The purchase rate per day is
 * `RATE_CAP * sigmoid(z) / cycleDays[c]`: a keen buyer (z large) buys a little more often than the
 * configured cycle, a typical buyer (z = 0) about every 1.5 cycles, and most households rarely or never.
 * The latent monthly propensity is `1 - exp(-30 * rate)`.
 */
export const RATE_CAP = 1.3;
/** Logit added to pregnancy-related categories for the `expecting` segment after its event. */
export const PREGNANCY_BOOST = 10;
/** Days in the "typical month" of the propensity. */
export const MONTH_DAYS = 30;
/** Mean impulse lines per visit (categories drawn by liking, outside their cycle). */
export const IMPULSE_PER_VISIT = 0.6;
/** Mean cycle-driven purchases per household-year the category baselines are calibrated to. */
const TARGET_CYCLE_PURCHASES = 300;
const CALIBRATION_SAMPLE = 400;

/** Everything hidden behind the generated records. */
export interface SyntheticWorld {
  readonly seed: number;
  readonly days: number;
  /** Absolute day number (days since 1970-01-01) of history day index 0. */
  readonly startDay: number;
  readonly catalog: SyntheticCatalog;
  readonly population: SyntheticPopulation;
  /** Calibration shift added to every category baseline. */
  readonly shift: number;
}

/** `taste[i] . vector[c]`. O(FACTORS). */
export function tasteDot(taste: Float64Array, i: number, vector: Float64Array, c: number): number {
  const a = i * FACTORS;
  const b = c * FACTORS;
  let s = 0;
  for (let f = 0; f < FACTORS; f++) s += taste[a + f]! * vector[b + f]!;
  return s;
}

/**
 * Purchase rate per day of household `i` for category `c` on history day index `day` (`days` means
 * "at the mailing date", the day after the history). O(FACTORS).
 */
export function categoryRate(world: SyntheticWorld, i: number, c: number, day: number): number {
  const { catalog, population } = world;
  let z = catalog.categoryBase[c]! + world.shift + tasteDot(population.taste, i, catalog.categoryVector, c);
  const event = population.eventDay[i]!;
  if (event >= 0 && event <= day && catalog.categoryPregnancy[c] === 1) z += PREGNANCY_BOOST;
  return (RATE_CAP / (1 + Math.exp(-z))) / catalog.categoryCycle[c]!;
}

/** Latent probability that household `i` buys category `c` within a month around day index `day`. */
export function monthlyPropensity(world: SyntheticWorld, i: number, c: number, day: number): number {
  return 1 - Math.exp(-MONTH_DAYS * categoryRate(world, i, c, day));
}

/**
 * Finds the baseline shift that makes the mean household buy about TARGET_CYCLE_PURCHASES
 * cycle-driven lines a year, on the first CALIBRATION_SAMPLE households of the (seed-determined)
 * population, so the result does not depend on the requested customer count. Bisection, O(sample x C x FACTORS).
 */
function calibrateShift(seed: number, catalog: SyntheticCatalog, rng: Random): number {
  const sample = buildSyntheticPopulation(seed, CALIBRATION_SAMPLE, 364, catalog.categoryIds, rng);
  const C = catalog.categoryIds.length;
  const z = new Float64Array(CALIBRATION_SAMPLE * C);
  for (let i = 0; i < CALIBRATION_SAMPLE; i++) {
    for (let c = 0; c < C; c++) z[i * C + c] = catalog.categoryBase[c]! + tasteDot(sample.taste, i, catalog.categoryVector, c);
  }
  // Newton steps on the increasing function yearly(shift) - target, kept inside a bisection bracket.
  let lo = -12;
  let hi = 8;
  let shift = 0;
  for (let step = 0; step < 40; step++) {
    let value = 0;
    let slope = 0;
    for (let i = 0; i < CALIBRATION_SAMPLE; i++) {
      for (let c = 0; c < C; c++) {
        const s = 1 / (1 + Math.exp(-(z[i * C + c]! + shift)));
        const w = (RATE_CAP * 364) / (catalog.categoryCycle[c]! * CALIBRATION_SAMPLE);
        value += w * s;
        slope += w * s * (1 - s);
      }
    }
    const error = value - TARGET_CYCLE_PURCHASES;
    if (Math.abs(error) < 1e-6 * TARGET_CYCLE_PURCHASES) break;
    if (error < 0) lo = shift;
    else hi = shift;
    const next = shift - error / slope;
    shift = next > lo && next < hi ? next : (lo + hi) / 2;
  }
  return shift;
}

/** Builds catalogue, households and calibration for one seed. O(products + customers x FACTORS + calibration). */
export function buildSyntheticWorld(
  seed: number,
  sizes: { customers: number; products: number; departments: number; categories: number; days: number; startDay: number },
  rng: Random,
): SyntheticWorld {
  const catalog = buildSyntheticCatalog(seed, sizes.departments, sizes.categories, sizes.products, rng);
  const shift = calibrateShift(seed, catalog, rng);
  const population = buildSyntheticPopulation(seed, sizes.customers, sizes.days, catalog.categoryIds, rng);
  return { seed, days: sizes.days, startDay: sizes.startDay, catalog, population, shift };
}
