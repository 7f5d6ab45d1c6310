import type { MailingStats, VariantSizeBucket } from './mailing.js';

/**
 * Summarises variant sizes: count, customers mailed, min / median / p90 / max customers per variant
 * and a power-of-two histogram. `unmailed` is passed through.
 *
 * Cost: O(v log v) for v variants.
 *
 * @example
 * mailingStats([5, 1, 2], 0).customersPerVariant.median; // 2
 */
export function mailingStats(customersPerVariant: readonly number[], unmailed: number): MailingStats {
  const sizes = Float64Array.from(customersPerVariant).sort();
  const v = sizes.length;
  let mailed = 0;
  for (let i = 0; i < v; i++) mailed += sizes[i]!;
  const histogram: VariantSizeBucket[] = [];
  if (v > 0) {
    const max = sizes[v - 1]!;
    let i = 0;
    for (let from = 1; from <= max; from *= 2) {
      const to = from * 2 - 1;
      let n = 0;
      while (i < v && sizes[i]! <= to) {
        if (sizes[i]! >= from) n++;
        i++;
      }
      histogram.push({ from, to, variants: n });
    }
  }
  const median = v === 0 ? 0 : v % 2 === 1 ? sizes[(v - 1) / 2]! : (sizes[v / 2 - 1]! + sizes[v / 2]!) / 2;
  const p90 = v === 0 ? 0 : sizes[Math.ceil(0.9 * v) - 1]!;
  return {
    variants: v,
    customersMailed: mailed,
    customersUnmailed: unmailed,
    customersPerVariant: { min: v === 0 ? 0 : sizes[0]!, median, p90, max: v === 0 ? 0 : sizes[v - 1]!, histogram },
  };
}
