import * as tf from '@tensorflow/tfjs-core';
import { closedFormLoss } from './closedFormLoss.js';

/**
 * -Σ_c z_{b,c} · log softmax(x)_{b,c}: the per-example softmax cross-entropy, with a closed-form gradient w.r.t.
 * the logits.
 *
 *   log softmax(x) = (x - m) - log Σ_c exp(x_c - m),   m = max_c x_c
 *   d/dx_c = softmax(x)_c · Σ_k z_k - z_c
 *
 * Forward: subtracting the row maximum keeps every exp in (0, 1], so no overflow for any finite x, and the sum
 * is at least 1, so its log is finite. Backward: softmax = exp(log softmax), bounded; one pass of element-wise
 * ops instead of differentiating the forward op by op (TF.js's logSoftmax gradient plus the multiply and sum).
 * Gradients flow to the logits only: the labels are targets, not parameters.
 *
 * @param z - dense labels [B, C] in [0, 1] (one-hot, or soft labels whose rows need not sum to 1).
 * @param x - logits [B, C], float32.
 * @returns [B].
 * @example
 * softmaxCrossEntropySum(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]])).print(); // [0.6931472] (log 2)
 */
export function softmaxCrossEntropySum(z: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return closedFormLoss(
    z,
    x,
    (logits, labels) => {
      const shifted = tf.sub(logits, tf.max(logits, -1, true));
      const logProbabilities = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
      return { value: tf.neg(tf.sum(tf.mul(labels, logProbabilities), -1)), keep: [logProbabilities] };
    },
    (labels, [logP]) => tf.sub(tf.mul(tf.exp(logP as tf.Tensor), tf.sum(labels, -1, true)), labels),
  );
}
