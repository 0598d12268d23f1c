import * as tf from '@tensorflow/tfjs-core';
import { closedFormLoss } from './closedFormLoss.js';

/**
 * Σ_c BCE_{b,c}: the per-example sum of binary cross-entropies with logits, with a closed-form gradient w.r.t.
 * the logits.
 *
 *   BCE = -z·log σ(x) - (1 - z)·log(1 - σ(x)) = softplus(-x) + x - z·x
 *   d BCE / dx = σ(x) - z
 *
 * Forward: since -log σ(x) = softplus(-x) and -log(1 - σ(x)) = softplus(-x) + x, one softplus gives both terms:
 * no log(0) and no overflow of exp for any finite x. Backward: σ(x) - z is bounded by 1 in absolute value, one
 * pass instead of differentiating the forward op by op. Gradients flow to the logits only.
 *
 * @param z - dense labels [B, C] in [0, 1].
 * @param x - logits [B, C], float32.
 * @returns [B].
 * @example
 * bceSum(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]])).print(); // [1.3862944] (2·log 2)
 */
export function bceSum(z: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return closedFormLoss(
    z,
    x,
    (logits, labels) => ({
      value: tf.sum(tf.sub(tf.add(tf.softplus(tf.neg(logits)), logits), tf.mul(labels, logits)), -1),
      keep: [logits],
    }),
    (labels, [logits]) => tf.sub(tf.sigmoid(logits as tf.Tensor), labels),
  );
}
