import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from './lossOptions.js';
import { bceSum, bceSumOfIds } from './bceSum.js';
import { weightedLoss } from './weightedLoss.js';

/**
 * Sigmoid (binary) cross-entropy summed over classes per example, optionally class-weighted:
 *
 *   BCE_{b,c} = -z log σ(x) - (1-z) log(1-σ(x)) = softplus(-x) + (1-z)·x
 *   loss_b = w_b · Σ_c BCE_{b,c}
 *
 * Use for multi-label problems, or single-label ones treated as C one-vs-all problems. With
 * `classWeights` from `classBalancedWeights` and `reduction: 'meanOverPositives'` this is the
 * class-balanced sigmoid loss of Cui et al. (arXiv:1901.05555). The gradient w.r.t. the logits, σ(x) - z per
 * element times the example weight, is computed in closed form (see `bceSum`); the labels get no gradient. Integer
 * class ids never become one-hot rows: their kernel handles the true class apart (`bceSumOfIds`).
 *
 * @param labels - one-hot / multi-hot [B, C] (values in [0, 1]) or integer class ids [B] or [B, 1].
 * @param logits - float32 [B, C].
 * @param options - `classWeights` (length C), `reduction` (default `'none'`: shape [B]).
 * @returns [B] for `'none'`, else a scalar.
 * @example
 * sigmoidCrossEntropy(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]])).print();
 * // Tensor [1.3862944]   (2·log 2)
 */
export function sigmoidCrossEntropy(labels: tf.Tensor, logits: tf.Tensor, options: LossOptions = {}): tf.Tensor {
  return weightedLoss('sigmoidCrossEntropy', labels, logits, options, { dense: bceSum, classIds: bceSumOfIds });
}
