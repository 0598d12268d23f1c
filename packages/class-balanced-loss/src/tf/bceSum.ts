import * as tf from '@tensorflow/tfjs-core';
import { gatherAt, replaceAt, type ClassIdLabels } from './classIdLabels.js';
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

/**
 * Σ_c BCE_{b,c} of the one-hot rows of class ids y ({@link bceSum} of them), computed without them, with a
 * closed-form gradient w.r.t. the logits.
 *
 *   BCE_{b,c} = softplus(x_{b,c}) for c ≠ y (a negative),   BCE_{b,y} = softplus(-x_{b,y}) (the positive)
 *   d/dx_c = σ(x_c) (c ≠ y),   d/dx_y = σ(x_y) - 1 = -σ(-x_y)
 *
 * Forward: one softplus over [B, C], the true classes replaced by softplus(-x_y) (computed on [B]), one sum: each
 * term is the stable softplus, where Σ_c softplus(x_c) - x_y would cancel when x_y dominates the sum. Backward:
 * σ(x) scaled by the upstream gradient, the true classes replaced by -σ(-x_y)·dy (no cancellation in σ(x_y) - 1).
 *
 * @param labels - class ids (see `ClassIdLabels`).
 * @param x - logits [B, C], float32.
 * @returns [B].
 * @example
 * bceSumOfIds(classIdLabels(Int32Array.of(0), 2), tf.tensor2d([[0, 0]])).print(); // [1.3862944] (2·log 2)
 */
export function bceSumOfIds(labels: ClassIdLabels, x: tf.Tensor2D): tf.Tensor1D {
  return closedFormLoss(
    labels.flatIndices,
    x,
    (logits, flatIndices) => {
      const trueLogit = gatherAt(logits, flatIndices as tf.Tensor1D);
      // the softplus is fresh and read no more: replaceAt may write into it
      const bce = replaceAt(tf.softplus(logits), flatIndices as tf.Tensor1D, tf.softplus(tf.neg(trueLogit)));
      return { value: tf.sum(bce, -1), keep: [logits, trueLogit] };
    },
    (_, [logits, trueLogit]) => ({
      others: tf.sigmoid(logits as tf.Tensor),
      trueClass: tf.neg(tf.sigmoid(tf.neg(trueLogit as tf.Tensor))),
    }),
  );
}
