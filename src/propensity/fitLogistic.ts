import { CholeskyDecomposition, Matrix, solve } from 'ml-matrix';

/** A fitted L2-regularised logistic regression: `P(y = 1 | x) = 1 / (1 + exp(-(intercept + weights · x)))`. */
export interface LogisticModel {
  readonly intercept: number;
  /** One weight per feature column. */
  readonly weights: Float64Array;
  /** The L2 penalty the model was fitted with. */
  readonly l2: number;
  /** Newton steps taken. */
  readonly iterations: number;
  /** Whether the largest coefficient change fell under `tol` within `maxIter` steps. */
  readonly converged: boolean;
  /** Penalised negative log-likelihood at the solution. */
  readonly loss: number;
}

/** Options of {@link fitLogistic}. */
export interface FitLogisticOptions {
  /** L2 penalty `l2 / 2 · ‖weights‖²` (the intercept is not penalised). Default 1. */
  l2?: number;
  /** Most Newton (IRLS) steps. Default 50. */
  maxIter?: number;
  /** Stop when no coefficient moves by more than this. Default 1e-8. */
  tol?: number;
}

/** Rows of a feature matrix as one flat row-major Float64Array, with its shape. */
export function flattenRows(X: Matrix | readonly (readonly number[])[]): { data: Float64Array; rows: number; cols: number } {
  if (X instanceof Matrix) {
    const data = new Float64Array(X.rows * X.columns);
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.columns; j++) data[i * X.columns + j] = X.get(i, j);
    return { data, rows: X.rows, cols: X.columns };
  }
  const rows = X.length;
  const cols = rows === 0 ? 0 : X[0]!.length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = X[i]!;
    if (row.length !== cols) throw new RangeError(`row ${i} has ${row.length} features, row 0 has ${cols}; every row needs the same length`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j]!;
  }
  return { data, rows, cols };
}

/** Numerically safe `log(1 + exp(z))`. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Penalised negative log-likelihood of coefficients `beta` (intercept first); fills `eta` with the linear predictor. */
function penalisedLoss(data: Float64Array, y: readonly number[], n: number, d: number, beta: Float64Array, l2: number, eta: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let z = beta[0]!;
    const off = i * d;
    for (let j = 0; j < d; j++) z += data[off + j]! * beta[j + 1]!;
    eta[i] = z;
    // -[y log p + (1 - y) log(1 - p)] = softplus(z) - y z
    loss += softplus(z) - y[i]! * z;
  }
  let ss = 0;
  for (let j = 1; j <= d; j++) ss += beta[j]! * beta[j]!;
  return loss + 0.5 * l2 * ss;
}

/**
 * Fits an L2-regularised logistic regression by Newton's method (IRLS): each step solves the
 * regularised normal equations `(Zᵀ W Z + l2·D) δ = Zᵀ (y − p) − l2·D β` with ml-matrix, where `Z` is
 * `X` with an intercept column, `W = diag(p (1 − p))` and `D` the identity with the intercept's entry
 * zeroed (the intercept is not penalised). A step that would raise the penalised loss is halved.
 * Labels may be 0/1 or fractions in [0, 1].
 *
 * Cost: O(iterations · n · d²) to build the Hessians plus O(iterations · d³) to solve them; memory O(n·d + d²).
 *
 * @throws RangeError when `y` and `X` differ in length, `X` is ragged, a label is outside [0, 1], or an option is out of range.
 * @example
 * const model = fitLogistic([[0], [1], [2], [3]], [0, 0, 1, 1], { l2: 0.1 });
 * predict(model, [2.5]); // ≈ 0.93
 */
export function fitLogistic(X: Matrix | readonly (readonly number[])[], y: readonly number[], options: FitLogisticOptions = {}): LogisticModel {
  const l2 = options.l2 ?? 1;
  const maxIter = options.maxIter ?? 50;
  const tol = options.tol ?? 1e-8;
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new RangeError(`l2 must be a finite number >= 0, got ${l2}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`maxIter must be a whole number >= 1, got ${maxIter}`);
  if (!(tol > 0)) throw new RangeError(`tol must be > 0, got ${tol}`);
  const { data, rows: n, cols: d } = flattenRows(X);
  if (y.length !== n) throw new RangeError(`X has ${n} rows but y has ${y.length} labels; give one label per row`);
  if (n === 0) throw new RangeError('cannot fit on zero rows; give at least one example');
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`label y[${i}] = ${v} is outside [0, 1]; use 0/1 outcomes`);
  }

  const k = d + 1;
  const beta = new Float64Array(k);
  const next = new Float64Array(k);
  const eta = new Float64Array(n);
  const etaNext = new Float64Array(n);
  const hess = new Float64Array(k * k);
  const grad = new Float64Array(k);
  let loss = penalisedLoss(data, y, n, d, beta, l2, eta);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter && !converged) {
    iterations++;
    hess.fill(0);
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-eta[i]!));
      const w = p * (1 - p);
      const r = y[i]! - p;
      const off = i * d;
      // Row i of Z is [1, x_i]: accumulate the upper triangle of Zᵀ W Z and Zᵀ (y − p).
      grad[0] += r;
      hess[0] += w;
      for (let a = 0; a < d; a++) {
        const xa = data[off + a]!;
        grad[a + 1] += r * xa;
        hess[a + 1] += w * xa;
        const wxa = w * xa;
        const rowA = (a + 1) * k;
        for (let b = a; b < d; b++) hess[rowA + b + 1] += wxa * data[off + b]!;
      }
    }
    for (let a = 1; a < k; a++) {
      hess[a * k + a] += l2;
      grad[a] -= l2 * beta[a]!;
    }
    const H = new Matrix(k, k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        H.set(a, b, hess[a * k + b]!);
        H.set(b, a, hess[a * k + b]!);
      }
    }
    const g = Matrix.columnVector(Array.from(grad));
    const chol = new CholeskyDecomposition(H);
    // Cholesky for the SPD Hessian; fall back to a least-squares solve when it is singular (l2 = 0, separable data).
    const step = chol.isPositiveDefinite() ? chol.solve(g) : solve(H, g, true);
    let scale = 1;
    let maxChange = 0;
    let nextLoss = Number.POSITIVE_INFINITY;
    for (let halvings = 0; halvings < 30; halvings++) {
      maxChange = 0;
      for (let a = 0; a < k; a++) {
        const delta = scale * step.get(a, 0);
        next[a] = beta[a]! + delta;
        if (Math.abs(delta) > maxChange) maxChange = Math.abs(delta);
      }
      nextLoss = penalisedLoss(data, y, n, d, next, l2, etaNext);
      if (nextLoss <= loss + 1e-12 * Math.abs(loss)) break;
      scale /= 2;
    }
    if (!(nextLoss <= loss + 1e-12 * Math.abs(loss))) {
      converged = maxChange <= tol;
      break;
    }
    beta.set(next);
    eta.set(etaNext);
    loss = nextLoss;
    converged = maxChange <= tol;
  }
  return { intercept: beta[0]!, weights: beta.slice(1), l2, iterations, converged, loss };
}
