import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from './lossOptions.js';
import { weightedLoss } from './weightedLoss.js';

/**
 * Sigmoid (binary) cross-entropy summed over classes per example, optionally class-weighted:
 *
 *   BCE_{b,c} = -z log σ(x) - (1-z) log(1-σ(x)) = softplus(-x) + (1-z)·x
 *   loss_b = w_b · Σ_c BCE_{b,c}
 *
 * Use for multi-label problems, or single-label ones treated as C one-vs-all problems. With
 * `classWeights` from `classBalancedWeights` and `reduction: 'meanOverPositives'` this is the
 * class-balanced sigmoid loss of Cui et al. (arXiv:1901.05555).
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
  return weightedLoss('sigmoidCrossEntropy', labels, logits, options, (z, x) => tf.sum(binaryCrossEntropy(z, x), -1));
}

/**
 * Element-wise BCE with logits, [B, C], from `softplusNegX` = softplus(-x) (computed when not given); finite for
 * any finite x. Differentiated by TF.js op by op (`focalSum` has the closed-form focal gradient).
 */
export function binaryCrossEntropy(z: tf.Tensor2D, x: tf.Tensor2D, softplusNegX: tf.Tensor2D = tf.softplus(tf.neg(x))): tf.Tensor2D {
  // -z·log σ(x) - (1-z)·log(1-σ(x)) = z·softplus(-x) + (1-z)·softplus(x), and softplus(x) = softplus(-x) + x,
  // so BCE = softplus(-x) + x - z·x: one softplus, no log(0), no exp overflow (TF's stable form)
  return tf.sub(tf.add(softplusNegX, x), tf.mul(z, x));
}
