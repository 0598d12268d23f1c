import * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { logPriorsFor } from '../core/logPriors.js';
import { assertFinite, formatValue, invalidArgument } from '../core/validate.js';
import { assertOneCountPerClass } from './assertOneCountPerClass.js';

/**
 * Post-hoc logit adjustment (Menon et al., ICLR 2021, arXiv:2007.07314, eq. 9) of a trained model's logits:
 *
 *   x' = x − τ · log π,     π_c = n_c / Σ_k n_k
 *
 * For a model trained with plain (instance-balanced) cross-entropy, argmax x' with τ = 1 is the
 * balanced-error-optimal prediction; τ is usually tuned on a balanced validation set. τ = 0 changes nothing.
 * log π is computed in float64 (`logPriors`). Not meant for models trained with `logitAdjustedLoss`, which are
 * adjusted already. See `posthocLogitAdjustmentRows` for plain arrays.
 *
 * @param logits - float32 [N, C].
 * @param samplesPerClass - training counts n_c (positive integers), length C.
 * @param tau - τ, a finite number (usually in [0, 2]).
 * @returns a new [N, C] tensor (the caller disposes it).
 * @throws CbLossError for a zero or bad count, a non-finite τ, or logits that are not [N, C] float32.
 * @example
 * posthocLogitAdjustment(tf.tensor2d([[0, 0], [1, 2]]), [3, 1], 1).print();
 * // [[0.2876821, 1.3862944], [1.2876821, 3.3862944]]
 */
export function posthocLogitAdjustment(logits: tf.Tensor, samplesPerClass: ArrayLike<number>, tau: number): tf.Tensor2D {
  const fn = 'posthocLogitAdjustment';
  if (!(logits instanceof tf.Tensor)) throw invalidArgument(fn, 'logits', 'be a tf.Tensor', typeof logits);
  if (logits.rank !== 2) throw new CbLossError('shape-mismatch', `${fn}: 'logits' must have rank 2 [N, C]; got shape ${formatValue(logits.shape)}.`);
  if (logits.dtype !== 'float32') throw invalidArgument(fn, 'logits', 'have dtype float32', logits.dtype);
  const priors = logPriorsFor(fn, samplesPerClass);
  assertFinite(fn, 'tau', tau);
  assertOneCountPerClass(fn, priors.length, logits);
  return tf.tidy(() => tf.sub(logits, tf.tensor1d(priors.map((p) => tau * p), 'float32')) as tf.Tensor2D);
}
