import type { KernelModel } from '../kernelModel.js';
/** The kernel's pruning bounds: the `KernelModel` fields of the same names, which document them. */
export type PruningBounds = Pick<
  KernelModel,
  | 'suffixFactorNorm'
  | 'suffixValue'
  | 'suffixConstant'
  | 'positionFactorNorm'
  | 'tileValue'
  | 'tileConstant'
  | 'positionConstant'
  | 'prefixDimensions'
  | 'positionTailNorm'
>;

/**
 * The bounds that let the kernel skip work without changing a result: suffix maxima (everything left
 * in a scan), per-tile maxima (a whole register tile at once), and per position the factor norm, the
 * constant and the factor's tail norm after the first `min(4, d)` entries (a partial-dot bound).
 *
 * @example const bounds = pruningBounds(model.offerFactor, model.dimensions, layout.positionOffer, model.offerCount, order.factorNorm, model.offerValue, order.constant);
 * Cost: O(offers · d).
 */
export function pruningBounds(
  offerFactor: Float32Array,
  d: number,
  positionOffer: Int32Array,
  O: number,
  factorNorm: Float64Array,
  offerValue: Float64Array,
  constant: Float64Array,
): PruningBounds {
  const padded = positionOffer.length;
  const suffixFactorNorm = new Float64Array(padded + 1);
  const suffixValue = new Float64Array(padded + 1);
  const suffixConstant = new Float64Array(padded + 1);
  suffixFactorNorm[padded] = 0;
  suffixValue[padded] = -Infinity;
  suffixConstant[padded] = -Infinity;
  for (let p = padded - 1; p >= 0; p--) {
    const o = positionOffer[p]!;
    suffixFactorNorm[p] = o >= 0 ? Math.max(factorNorm[o]!, suffixFactorNorm[p + 1]!) : suffixFactorNorm[p + 1]!;
    suffixValue[p] = o >= 0 ? Math.max(offerValue[o]!, suffixValue[p + 1]!) : suffixValue[p + 1]!;
    suffixConstant[p] = o >= 0 ? Math.max(constant[o]!, suffixConstant[p + 1]!) : suffixConstant[p + 1]!;
  }

  // Per-tile maxima: with the best of a tile's 4 dots they reject the whole tile for a customer at once.
  const positionFactorNorm = new Float64Array(padded);
  const tileValue = new Float64Array(padded >> 2).fill(-Infinity);
  const tileConstant = new Float64Array(padded >> 2).fill(-Infinity);
  for (let p = 0; p < O; p++) {
    const o = positionOffer[p]!;
    const t = p >> 2;
    positionFactorNorm[p] = factorNorm[o]!;
    tileValue[t] = Math.max(tileValue[t]!, offerValue[o]!);
    tileConstant[t] = Math.max(tileConstant[t]!, constant[o]!);
  }

  // Partial-dot bound: the first `prefix` products exactly, Cauchy-Schwarz on the rest (factor dimensions
  // come out of the subspace fit roughly by decreasing variance, so the tail is small).
  const prefix = Math.min(4, d);
  const positionConstant = new Float64Array(padded).fill(-Infinity);
  const positionTailNorm = new Float64Array(padded);
  for (let p = 0; p < O; p++) {
    const o = positionOffer[p]!;
    positionConstant[p] = constant[o]!;
    let s = 0;
    for (let j = prefix; j < d; j++) s += offerFactor[o * d + j]! * offerFactor[o * d + j]!;
    positionTailNorm[p] = Math.sqrt(s);
  }
  return { suffixFactorNorm, suffixValue, suffixConstant, positionFactorNorm, tileValue, tileConstant, positionConstant, prefixDimensions: prefix, positionTailNorm };
}
