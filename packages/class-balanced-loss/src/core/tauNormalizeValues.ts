import { CbLossError } from './CbLossError.js';
import { assertArrayLike, assertAtLeast, assertInteger, formatValue } from './validate.js';

/**
 * τ-normalisation (Kang et al., ICLR 2020, arXiv:1910.09217, §4) of a classifier kernel held in a flat row-major
 * array of shape [D, C] (one column per class, the layout of a tfjs-layers dense kernel), without TensorFlow.js:
 *
 *   W̃_{:,c} = W_{:,c} / ‖W_{:,c}‖^τ
 *
 * Computed in float64, returned as float32. A zero column stays zero (its norm is not divided by). See
 * `tauNormalize` for tensors and the use.
 *
 * @param kernel - D·C values, row-major.
 * @param shape - [D, C], positive integers with D·C = kernel.length.
 * @param tau - τ ≥ 0: 0 changes nothing, 1 gives every class a unit-norm weight vector.
 * @returns a new Float32Array of D·C values.
 * @throws CbLossError for a bad τ or a shape that does not match the kernel's length.
 * @example
 * tauNormalizeValues([3, 0, 4, 2], [2, 2], 1); // Float32Array [0.6, 0, 0.8, 1]  (columns [3, 4] and [0, 2])
 */
export function tauNormalizeValues(kernel: ArrayLike<number>, shape: readonly [number, number], tau: number): Float32Array {
  const fn = 'tauNormalizeValues';
  assertArrayLike(fn, 'kernel', kernel);
  assertArrayLike(fn, 'shape', shape);
  const [rows, columns] = shape;
  assertInteger(fn, 'shape[0]', rows, 1);
  assertInteger(fn, 'shape[1]', columns, 1);
  if (shape.length !== 2 || rows * columns !== kernel.length) {
    throw new CbLossError('shape-mismatch', `${fn}: 'shape' [D, C] must have D·C = ${kernel.length} (the length of 'kernel'); got ${formatValue(shape)}.`);
  }
  assertAtLeast(fn, 'tau', tau, 0);
  const squares = new Float64Array(columns);
  for (let i = 0; i < kernel.length; i++) squares[i % columns]! += (kernel[i] as number) ** 2;
  // ‖W_c‖^{-τ} = exp(-τ/2 · log Σ W²) in float64: no square root, and no overflow for any float32 kernel
  const factors = Array.from(squares, (s) => (s > 0 ? Math.exp((-tau / 2) * Math.log(s)) : 1));
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) out[i] = (kernel[i] as number) * (factors[i % columns] as number);
  return out;
}
