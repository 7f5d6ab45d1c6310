import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { fitLogistic, predict, predictAll, type LogisticModel } from '../../src/propensity/index.js';

/** mulberry32: a tiny seeded PRNG so simulated data is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function simulate(seed: number, n: number, intercept: number, weights: number[]): { X: number[][]; y: number[] } {
  const u = rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = weights.map(() => normal(u));
    X.push(x);
    y.push(u() < sigmoid(intercept + x.reduce((s, v, j) => s + v * weights[j]!, 0)) ? 1 : 0);
  }
  return { X, y };
}

/** Slow obvious penalised loss and gradient (intercept first), straight from the formulas. */
function lossAndGradient(X: number[][], y: number[], beta: number[], l2: number): { loss: number; grad: number[] } {
  const grad = beta.map(() => 0);
  let loss = 0;
  for (let i = 0; i < X.length; i++) {
    const z = beta[0]! + X[i]!.reduce((s, v, j) => s + v * beta[j + 1]!, 0);
    const p = sigmoid(z);
    loss -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    grad[0] += p - y[i]!;
    X[i]!.forEach((v, j) => (grad[j + 1] += (p - y[i]!) * v));
  }
  for (let j = 1; j < beta.length; j++) {
    loss += 0.5 * l2 * beta[j]! ** 2;
    grad[j] += l2 * beta[j]!;
  }
  return { loss, grad };
}

const coefficients = (m: LogisticModel): number[] => [m.intercept, ...m.weights];

describe('fitLogistic', () => {
  it('fitLogistic(X, y) recovers known coefficients on seeded simulated data', () => {
    const truth = [-0.5, 1.2, -0.8, 0.4];
    const { X, y } = simulate(20240501, 20_000, truth[0]!, truth.slice(1));
    const model = fitLogistic(X, y);
    expect(model.converged).toBe(true);
    expect(model.iterations).toBeLessThan(15);
    // Standard errors are about 0.02 at n = 20,000; 0.08 is four of them.
    coefficients(model).forEach((b, j) => expect(Math.abs(b - truth[j]!)).toBeLessThan(0.08));
  });

  it('fitLogistic(X, y, { l2 }) matches a plain gradient-descent reference on small data', () => {
    const { X, y } = simulate(7, 120, 0.3, [0.9, -1.1]);
    const l2 = 0.5;
    const model = fitLogistic(X, y, { l2 });
    // Gradient descent with step 1/L, L = 0.25 Σ‖z_i‖² + l2 bounding the Hessian.
    const L = 0.25 * X.reduce((s, x) => s + 1 + x.reduce((a, v) => a + v * v, 0), 0) + l2;
    let beta = [0, 0, 0];
    for (let it = 0; it < 40_000; it++) {
      const { grad } = lossAndGradient(X, y, beta, l2);
      beta = beta.map((b, j) => b - grad[j]! / L);
    }
    coefficients(model).forEach((b, j) => expect(b).toBeCloseTo(beta[j]!, 5));
    expect(model.loss).toBeCloseTo(lossAndGradient(X, y, beta, l2).loss, 8);
  });

  it('fitLogistic(X, y) lands where the penalised gradient is zero and no nearby point is better (fast-check, seed logged)', () => {
    const seed = Date.now() % 2 ** 31;
    console.log(`fitLogistic property seed ${seed}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (dataSeed, n, d, l2) => {
          const { X, y } = simulate(dataSeed, n, 0.2, Array.from({ length: d }, (_, j) => (j % 2 ? -1 : 1)));
          const model = fitLogistic(X, y, { l2 });
          const beta = coefficients(model);
          const { loss, grad } = lossAndGradient(X, y, beta, l2);
          expect(Math.max(...grad.map(Math.abs))).toBeLessThan(1e-6);
          const u = rng(dataSeed);
          for (let k = 0; k < 5; k++) {
            const nearby = beta.map((b) => b + (u() - 0.5) * 0.1);
            expect(lossAndGradient(X, y, nearby, l2).loss).toBeGreaterThanOrEqual(loss - 1e-9);
          }
        },
      ),
      { seed, numRuns: 60 },
    );
  });

  it('fitLogistic(X, y, { l2 }) shrinks the weights as l2 grows and never penalises the intercept', () => {
    const { X, y } = simulate(11, 500, 1, [1.5, -1, 0.5]);
    const norms = [0.01, 1, 10, 100, 1e4].map((l2) => {
      const m = fitLogistic(X, y, { l2 });
      return Math.hypot(...m.weights);
    });
    for (let i = 1; i < norms.length; i++) expect(norms[i]!).toBeLessThan(norms[i - 1]!);
    const flat = fitLogistic(X, y, { l2: 1e9 });
    expect(Math.max(...[...flat.weights].map(Math.abs))).toBeLessThan(1e-5);
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    // With the weights pinned at zero, the unpenalised intercept is the log-odds of the base rate.
    expect(flat.intercept).toBeCloseTo(Math.log(rate / (1 - rate)), 5);
  });

  it('fitLogistic(X, y) accepts an ml-matrix Matrix with the same result and does not mutate its inputs', () => {
    const { X, y } = simulate(3, 80, 0, [1, 1]);
    const Xcopy = X.map((r) => [...r]);
    const ycopy = [...y];
    const a = fitLogistic(X, y, { l2: 2 });
    const b = fitLogistic(new Matrix(X), y, { l2: 2 });
    expect(coefficients(b)).toEqual(coefficients(a));
    expect(X).toEqual(Xcopy);
    expect(y).toEqual(ycopy);
  });

  it('fitLogistic(X, y) throws RangeError for mismatched lengths, ragged rows, labels outside [0, 1] and bad options', () => {
    expect(() => fitLogistic([[1], [2]], [1])).toThrow(RangeError);
    expect(() => fitLogistic([[1], [2, 3]], [1, 0])).toThrow(/same length/);
    expect(() => fitLogistic([[1], [2]], [1, 2])).toThrow(/outside \[0, 1\]/);
    expect(() => fitLogistic([], [])).toThrow(RangeError);
    expect(() => fitLogistic([[1]], [1], { l2: -1 })).toThrow(RangeError);
    expect(() => fitLogistic([[1]], [1], { maxIter: 0 })).toThrow(RangeError);
  });

  it('fitLogistic(X, y, { l2: 0 }) stays finite on separable data', () => {
    const m = fitLogistic([[-2], [-1], [1], [2]], [0, 0, 1, 1], { l2: 0, maxIter: 30 });
    expect(Number.isFinite(m.intercept) && Number.isFinite(m.weights[0]!)).toBe(true);
    expect(predict(m, [2])).toBeGreaterThan(0.99);
  });
});

describe('predict', () => {
  it('predict(model, x) and predictAll(model, X) give the logistic of the linear predictor', () => {
    const model: LogisticModel = { intercept: -1, weights: Float64Array.of(2, -0.5), l2: 1, iterations: 1, converged: true, loss: 0 };
    expect(predict(model, [1, 2])).toBeCloseTo(sigmoid(-1 + 2 - 1), 12);
    const all = predictAll(model, [[1, 2], [0, 0]]);
    expect(all[0]).toBeCloseTo(predict(model, [1, 2]), 12);
    expect(all[1]).toBeCloseTo(sigmoid(-1), 12);
    expect(() => predict(model, [1])).toThrow(RangeError);
    expect(() => predictAll(model, [[1, 2, 3]])).toThrow(RangeError);
  });
});
