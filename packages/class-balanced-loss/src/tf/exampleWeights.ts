import * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { assertArrayLike, invalidArgument } from '../core/validate.js';
import type { ClassIdLabels } from './classIdLabels.js';

/** Frozen weight arrays already checked: they cannot change, and `classBalancedLoss` passes the same one every call. */
const checkedFrozen = new WeakSet<readonly number[]>();

/**
 * Checks `classWeights` (length C, finite, ≥ 0) and returns them as an array, or undefined. A frozen array is
 * checked once and returned as it is.
 */
export function checkClassWeights(fn: string, classWeights: ArrayLike<number> | undefined, numClasses: number): readonly number[] | undefined {
  if (classWeights === undefined) return undefined;
  assertArrayLike(fn, 'classWeights', classWeights);
  if (classWeights.length !== numClasses) {
    throw new CbLossError(
      'shape-mismatch',
      `${fn}: 'classWeights' must have one weight per class of 'logits' (${numClasses}); got ${classWeights.length}.`,
    );
  }
  const frozen = Array.isArray(classWeights) && Object.isFrozen(classWeights) ? (classWeights as readonly number[]) : undefined;
  if (frozen !== undefined && checkedFrozen.has(frozen)) return frozen;
  const weights = Array.from(classWeights);
  weights.forEach((w, c) => {
    if (!Number.isFinite(w) || w < 0) throw invalidArgument(fn, `classWeights[${c}]`, 'be a finite number >= 0', w);
  });
  if (frozen === undefined) return weights;
  checkedFrozen.add(frozen);
  return frozen;
}

/**
 * Example weights w_b = Σ_c z_{b,c}·w_c / Σ_c z_{b,c} (1 for an all-zero label row), shape [B].
 * For one-hot labels this is the weight of the example's class, as in the official code of
 * arXiv:1901.05555. Call inside `tf.tidy`.
 */
export function exampleWeights(labels: tf.Tensor2D, classWeights: readonly number[]): tf.Tensor1D {
  const w = tf.tensor1d(classWeights as number[], 'float32');
  const weightedSum = tf.sum(tf.mul(labels, w), -1);
  const labelSum = tf.sum(labels, -1);
  const hasPositive = tf.greater(labelSum, 0);
  const safeSum = tf.where(hasPositive, labelSum, tf.onesLike(labelSum));
  return tf.where(hasPositive, tf.div(weightedSum, safeSum), tf.onesLike(labelSum)) as tf.Tensor1D;
}

/**
 * Example weights of class-id labels, w_b = w_{y_b}, shape [B]: the same as {@link exampleWeights} of their one-hot
 * rows, looked up in JavaScript from the ids already read back (no [B, C] pass). Call inside `tf.tidy`.
 *
 * @example
 * exampleWeightsOfIds(classIdLabels(Int32Array.of(1, 0), 2), [0.5, 1.5]).print(); // [1.5, 0.5]
 */
export function exampleWeightsOfIds(labels: ClassIdLabels, classWeights: readonly number[]): tf.Tensor1D {
  return tf.tensor1d(Float32Array.from(labels.values, (id) => classWeights[id] as number), 'float32');
}
