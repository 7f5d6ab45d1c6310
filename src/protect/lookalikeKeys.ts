import type { Profiles } from '../profile/profiles.js';

/** Options of {@link lookalikeKeys}. */
export interface LookalikeOptions {
  /** Quantile bands for spend and for visit frequency. Default 4 (quartiles). */
  bands?: number;
}

/**
 * Groups customers by non-sensitive attributes so cover recipients of a sensitive offer look like
 * its targeted segment: key = (region, total-spend band, visit-frequency band). Bands are quantiles
 * over customers with history (equal values share a band); customers without history get band 0.
 * Visit frequency is visits per week between the first visit and `asOfDay`.
 * Returns one key per customer. O(n log n).
 *
 * @example
 * const keys = lookalikeKeys(profiles, { bands: 4 });
 * keys[a] === keys[b]; // same region, spend quartile and visit-frequency quartile
 */
export function lookalikeKeys(profiles: Profiles, options: LookalikeOptions = {}): Int32Array {
  const bands = options.bands ?? 4;
  if (!Number.isInteger(bands) || bands < 1) throw new RangeError(`lookalikeKeys: bands must be a positive integer, got ${bands}`);
  const n = profiles.customerCount;
  const spend = new Float64Array(n);
  const freq = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    spend[c] = profiles.totalSpend[c]!;
    const weeks = Math.max(1, (profiles.asOfDay - profiles.firstDay[c]!) / 7);
    freq[c] = profiles.lastVisitDay[c]! < 0 ? 0 : profiles.visits[c]! / weeks;
  }
  const spendBand = quantileBands(spend, profiles.lastVisitDay, bands);
  const freqBand = quantileBands(freq, profiles.lastVisitDay, bands);
  const keys = new Int32Array(n);
  for (let c = 0; c < n; c++) keys[c] = (profiles.region[c]! * bands + spendBand[c]!) * bands + freqBand[c]!;
  return keys;
}

function quantileBands(values: Float64Array, lastVisitDay: Int32Array, bands: number): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  const active: number[] = [];
  for (let c = 0; c < n; c++) if (lastVisitDay[c]! >= 0) active.push(values[c]!);
  if (active.length === 0) return out;
  active.sort((a, b) => a - b);
  const thresholds = new Float64Array(bands - 1);
  for (let j = 1; j < bands; j++) thresholds[j - 1] = active[Math.floor((j * active.length) / bands)]!;
  for (let c = 0; c < n; c++) {
    if (lastVisitDay[c]! < 0) continue;
    let b = 0;
    for (let j = 0; j < bands - 1; j++) if (values[c]! >= thresholds[j]!) b = j + 1;
    out[c] = b;
  }
  return out;
}
