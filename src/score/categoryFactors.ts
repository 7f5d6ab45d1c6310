import { EigenvalueDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import type { Profiles } from '../profile/profiles.js';

/** Options of {@link fitCategoryFactors}. */
export interface CategoryFactorOptions {
  /** Factor dimension `d` (capped at the category count). Default `16`. */
  dimensions?: number;
  /** Customers (evenly strided over those with history) used to learn the category factors. Default `20000`. */
  sampleSize?: number;
  /** Subspace (block power) iterations. Default `8`. */
  iterations?: number;
  /** Seed of the random start. Default `1`. */
  seed?: number;
}

/** Low-rank factors of the customer x category matrix: `X ≈ U Vᵀ`. */
export interface CategoryFactors {
  /** Effective dimension `d`. */
  readonly dimensions: number;
  /** Customers x d, row-major: customer factors `U`. */
  readonly customer: Float32Array;
  /** Categories x d, row-major: category factors `V` (orthonormal columns). */
  readonly category: Float32Array;
}

/** Seeded uniform [0, 1) (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Learns category associations from all customers: a truncated SVD of the customer x category matrix
 * `X[c, t] = log1p(weightedSpend) / ||row||₂` (row-normalised log spend), by seeded subspace iteration
 * on `XᵀX` (ml-matrix QR for re-orthonormalisation, a d x d symmetric EVD for the Rayleigh-Ritz step)
 * over a strided sample of customers. `V` holds the top-d right singular vectors; every customer is
 * then folded in as `U_c = X_c V / x̄`, where `x̄` is the mean non-zero entry of `X`, so `U_c · V_t`
 * predicts the customer's interest in category t in units of a typical bought category (≈ 1).
 *
 * @example
 * const { customer, category, dimensions } = fitCategoryFactors(profiles, { dimensions: 16 });
 * Cost: O(iterations · sampleNnz · d + categories · d² + customersNnz · d).
 */
export function fitCategoryFactors(profiles: Profiles, options: CategoryFactorOptions = {}): CategoryFactors {
  const C = profiles.customerCount;
  const T = profiles.categoryCount;
  const requested = options.dimensions ?? 16;
  if (!Number.isInteger(requested) || requested < 0) throw new RangeError(`fitCategoryFactors: dimensions must be a non-negative integer, got ${requested}`);
  const d = Math.min(requested, T);
  const { rowPtr, weightedSpend } = profiles;

  // Row-normalised log spend: each row's norm now; the entries themselves only for the sample, and again
  // while folding every customer in, so no array as long as all entries is held (at millions of customers
  // it would be one of the fit's largest).
  const logSpend = (e: number): number => Math.log1p(Math.max(0, weightedSpend[e]!));
  const invNorm = new Float64Array(C);
  let xSum = 0;
  let xCount = 0;
  let withHistory = 0;
  for (let c = 0; c < C; c++) {
    let norm = 0;
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      const v = logSpend(e);
      norm += v * v;
    }
    if (norm > 0) {
      withHistory++;
      const inv = 1 / Math.sqrt(norm);
      invNorm[c] = inv;
      for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
        const x = logSpend(e) * inv;
        if (x > 0) {
          xSum += x;
          xCount++;
        }
      }
    } else {
      // A row without spend stays unnormalised: its entries are log1p(0) = 0.
      invNorm[c] = 1;
    }
  }
  const customer = new Float32Array(C * d);
  const category = new Float32Array(T * d);
  if (d === 0 || withHistory === 0) return { dimensions: d, customer, category };
  const xMean = xSum / xCount;

  const sampleSize = Math.max(1, options.sampleSize ?? 20000);
  const stride = Math.max(1, Math.ceil(withHistory / sampleSize));
  const sample: number[] = [];
  let seen = 0;
  let sampleNnz = 0;
  for (let c = 0; c < C; c++) {
    if (rowPtr[c + 1]! > rowPtr[c]! && seen++ % stride === 0) {
      sample.push(c);
      sampleNnz += rowPtr[c + 1]! - rowPtr[c]!;
    }
  }
  const n = sample.length;
  // The sample's entries, in sample order: `x` at `samplePtr[i] .. samplePtr[i + 1]` is sample[i]'s row.
  const samplePtr = new Int32Array(n + 1);
  const x = new Float64Array(sampleNnz);
  for (let i = 0; i < n; i++) {
    const c = sample[i]!;
    let k = samplePtr[i]!;
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) x[k++] = logSpend(e) * invNorm[c]!;
    samplePtr[i + 1] = k;
  }

  const { category: cat } = profiles;
  const y = new Float64Array(n * d);
  // Z = Xsᵀ (Xs Q) on the sparse sample: never forms the dense customer x category matrix.
  const za = new Float64Array(T * d);
  // Z = Xsᵀ (Xs Q) on the sparse sample: never forms the dense customer x category matrix.
  const gramTimes = (q: Matrix): Matrix => {
    const qa = q.to1DArray();
    y.fill(0);
    za.fill(0);
    for (let i = 0; i < n; i++) {
      const c = sample[i]!;
      const k0 = samplePtr[i]! - rowPtr[c]!;
      for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
        const base = cat[e]! * d;
        const xe = x[k0 + e]!;
        for (let j = 0; j < d; j++) y[i * d + j] += xe * qa[base + j]!;
      }
      for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
        const base = cat[e]! * d;
        const xe = x[k0 + e]!;
        for (let j = 0; j < d; j++) za[base + j] += xe * y[i * d + j]!;
      }
    }
    return Matrix.from1DArray(T, d, Array.from(za));
  };

  const random = mulberry32(options.seed ?? 1);
  let q = new Matrix(T, d);
  for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) q.set(t, j, random() - 0.5);
  q = new QrDecomposition(q).orthogonalMatrix;
  const iterations = options.iterations ?? 8;
  for (let it = 0; it < iterations; it++) q = new QrDecomposition(gramTimes(q)).orthogonalMatrix;
  // Rayleigh-Ritz: rotate the subspace onto the eigenvectors of the small projected Gram matrix.
  const b = q.transpose().mmul(gramTimes(q));
  const sym = b.add(b.transpose()).mul(0.5);
  const evd = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const orderIdx = values.map((_, i) => i).sort((i, j) => values[j]! - values[i]! || i - j);
  const vectors = evd.eigenvectorMatrix;
  const rotation = new Matrix(d, d);
  for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) rotation.set(i, k, vectors.get(i, orderIdx[k]!));
  const v = q.mmul(rotation);
  for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) category[t * d + j] = v.get(t, j);

  const scale = 1 / xMean;
  for (let c = 0; c < C; c++) {
    const inv = invNorm[c]!;
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      const t = cat[e]!;
      const w = logSpend(e) * inv * scale;
      for (let j = 0; j < d; j++) customer[c * d + j] += w * category[t * d + j]!;
    }
  }
  return { dimensions: d, customer, category };
}
