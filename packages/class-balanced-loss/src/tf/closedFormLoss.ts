import * as tf from '@tensorflow/tfjs-core';
import { replaceAt } from './classIdLabels.js';

/** What the forward pass of a {@link closedFormLoss} returns. */
export interface ClosedFormForward {
  /** The per-example loss, [B]. */
  readonly value: tf.Tensor;
  /** Tensors the gradient needs (kept for the backward pass). */
  readonly keep: tf.Tensor[];
}

/**
 * The gradient of a loss of class-id labels, in two parts: `others` [B, C] holds d loss_b / d x_{b,c} at every
 * class but the true one (its entries at the true classes are ignored), `trueClass` [B] holds d loss_b / d x_{b,y_b}.
 * Computing the two cases apart needs no one-hot labels.
 */
export interface SplitGradient {
  readonly others: tf.Tensor;
  readonly trueClass: tf.Tensor;
}

/**
 * A per-example loss of logits x [B, C] and labels whose gradient w.r.t. x is given in closed form instead of
 * TF.js differentiating the forward op by op: `forward(x, labels)` computes the loss and what the gradient needs,
 * `gradient(labels, kept)` returns d loss_b / d x_{b,c} [B, C], which is then scaled by the upstream gradient of
 * each example. The labels are kept too (the caller's tidy disposes them before the backward pass runs). Gradients
 * flow to the logits only: the labels are targets, not parameters.
 *
 * `labels` are dense labels z [B, C], or, for class ids, their flat positions b·C + y_b [B] (see `ClassIdLabels`);
 * in that case `gradient` may return a {@link SplitGradient}, whose true-class part replaces the entries of the
 * scaled `others` at those positions.
 *
 * @returns [B].
 * @example
 * // Σ_c BCE with d/dx = σ(x) - z:
 * closedFormLoss(z, x, (xs, zs) => ({ value: tf.sum(bce(xs, zs), -1), keep: [xs] }), (zs, [xs]) => tf.sub(tf.sigmoid(xs!), zs));
 */
export function closedFormLoss(
  labels: tf.Tensor,
  x: tf.Tensor2D,
  forward: (x: tf.Tensor, labels: tf.Tensor) => ClosedFormForward,
  gradient: (labels: tf.Tensor, kept: tf.Tensor[]) => tf.Tensor | SplitGradient,
): tf.Tensor1D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [logits, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const { value, keep } = forward(logits, labels);
    save([labels, ...keep]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedLabels, ...kept] = saved as [tf.Tensor, ...tf.Tensor[]];
        const grad = gradient(savedLabels, kept);
        if (grad instanceof tf.Tensor) return tf.mul(grad, tf.expandDims(dy, -1));
        // the product is a fresh tensor, read no more: replaceAt may write into it
        return replaceAt(tf.mul(grad.others, tf.expandDims(dy, -1)), savedLabels as tf.Tensor1D, tf.mul(grad.trueClass, dy) as tf.Tensor1D);
      },
    };
  });
  return op(x) as tf.Tensor1D;
}
