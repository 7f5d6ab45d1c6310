import type { Matrix } from 'ml-matrix';
import { flattenRows, type LogisticModel } from './fitLogistic.js';

/**
 * The predicted probability `P(y = 1 | x)` of one feature row.
 *
 * Cost: O(d).
 * @throws RangeError when `x` does not have one value per model weight.
 * @example predict(model, [0.3, 1, 0]) // 0.85 for weights [-1, 2, 0.5], intercept 0
 */
export function predict(model: LogisticModel, x: ArrayLike<number>): number {
  const w = model.weights;
  if (x.length !== w.length) throw new RangeError(`x has ${x.length} features but the model has ${w.length} weights`);
  let z = model.intercept;
  for (let j = 0; j < w.length; j++) z += w[j]! * x[j]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Predicted probabilities of every row of `X`.
 *
 * Cost: O(n·d).
 * @throws RangeError when the rows do not have one value per model weight.
 * @example predictAll(model, [[0.3, 1, 0], [0, 0, 1]]) // Float64Array [0.85, 0.62] for weights [-1, 2, 0.5], intercept 0
 */
export function predictAll(model: LogisticModel, X: Matrix | readonly (readonly number[])[]): Float64Array {
  const { data, rows, cols } = flattenRows(X);
  const w = model.weights;
  if (rows > 0 && cols !== w.length) throw new RangeError(`X has ${cols} features but the model has ${w.length} weights`);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = model.intercept;
    const off = i * cols;
    for (let j = 0; j < cols; j++) z += w[j]! * data[off + j]!;
    out[i] = 1 / (1 + Math.exp(-z));
  }
  return out;
}
