import * as tf from '@tensorflow/tfjs-core';
import { logPriorsFor } from '../core/logPriors.js';
import { assertFinite, invalidArgument } from '../core/validate.js';
import { assertOneCountPerClass } from './assertOneCountPerClass.js';
import type { LossOptions } from './lossOptions.js';
import { softmaxCrossEntropySum } from './softmaxCrossEntropySum.js';
import { weightedLoss } from './weightedLoss.js';

/** Options of {@link logitAdjustedLoss}. */
export interface LogitAdjustedLossOptions extends LossOptions {
  /** Training samples per class n_c (positive integers), length C: the priors are π_c = n_c / Σn. */
  readonly samplesPerClass: ArrayLike<number>;
  /** τ ≥ 0, the weight of the log-prior; default 1 (Balanced Softmax); 0 gives softmax cross-entropy. */
  readonly tau?: number | undefined;
}

/**
 * The logit-adjusted softmax cross-entropy (Menon et al., ICLR 2021, arXiv:2007.07314, eq. 10), which is Balanced
 * Softmax (Ren et al., NeurIPS 2020, arXiv:2007.10740) at τ = 1:
 *
 *   loss_b = w_b · CE(x_b + τ · log π, z_b),     π_c = n_c / Σ_k n_k
 *
 * Training on prior-shifted logits makes the model's own logits x estimate the balanced (class-conditional)
 * scores, so that argmax x minimises the balanced error; no adjustment is needed at test time. τ = 0 gives
 * `softmaxCrossEntropy`. log π is computed once per call in float64 (`logPriors`); the gradient is
 * w_b·(softmax(x + τ log π)·Σz − z), the closed form of `softmaxCrossEntropySum`, finite for every finite logit.
 *
 * @param labels - one-hot / soft labels [B, C] (values in [0, 1]) or integer class ids [B] or [B, 1].
 * @param logits - float32 [B, C].
 * @param options - `samplesPerClass` (length C), `tau` (default 1), `classWeights`, `reduction` (default `'none'`).
 * @returns [B] for `'none'`, else a scalar.
 * @throws CbLossError for zero or bad counts, a bad τ, counts whose length is not C, and the label/logit errors
 *   of every loss.
 * @example
 * // priors [3/4, 1/4]: CE([0 + log 3/4, 0 + log 1/4], 1) = log 4
 * logitAdjustedLoss(tf.tensor1d([1], 'int32'), tf.tensor2d([[0, 0]]), { samplesPerClass: [3, 1] }).print();
 * // Tensor [1.3862944]
 */
export function logitAdjustedLoss(labels: tf.Tensor, logits: tf.Tensor, options: LogitAdjustedLossOptions): tf.Tensor {
  const fn = 'logitAdjustedLoss';
  if (options === null || typeof options !== 'object') throw invalidArgument(fn, 'options', 'be an object', options);
  const tau = options.tau ?? 1;
  assertFinite(fn, 'tau', tau);
  if (tau < 0) throw invalidArgument(fn, 'tau', 'be a finite number >= 0', tau);
  const priors = logPriorsFor(fn, options.samplesPerClass);
  return weightedLoss(fn, labels, logits, options, (z, x) => {
    assertOneCountPerClass(fn, priors.length, x);
    // τ·log π in float64, uploaded once as float32
    const shift = tf.tensor1d(priors.map((p) => tau * p), 'float32');
    return softmaxCrossEntropySum(z, tf.add(x, shift) as tf.Tensor2D);
  });
}
