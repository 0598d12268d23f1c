import * as tf from '@tensorflow/tfjs-core';

/** What the forward pass of a {@link closedFormLoss} returns. */
export interface ClosedFormForward {
  /** The per-example loss, [B]. */
  readonly value: tf.Tensor;
  /** Tensors the gradient needs (kept for the backward pass). */
  readonly keep: tf.Tensor[];
}

/**
 * A per-example loss of logits x [B, C] and dense labels z [B, C] whose gradient w.r.t. x is given in closed form
 * instead of TF.js differentiating the forward op by op: `forward(x, z)` computes the loss and what the gradient
 * needs, `gradient(z, kept)` returns d loss_b / d x_{b,c} [B, C], which is then scaled by the upstream gradient of
 * each example. z is kept too (the caller's tidy disposes it before the backward pass runs). Gradients flow to the
 * logits only: the labels are targets, not parameters.
 *
 * @returns [B].
 * @example
 * // Σ_c BCE with d/dx = σ(x) - z:
 * closedFormLoss(z, x, (xs, zs) => ({ value: tf.sum(bce(xs, zs), -1), keep: [xs] }), (zs, [xs]) => tf.sub(tf.sigmoid(xs!), zs));
 */
export function closedFormLoss(
  z: tf.Tensor2D,
  x: tf.Tensor2D,
  forward: (x: tf.Tensor, z: tf.Tensor) => ClosedFormForward,
  gradient: (z: tf.Tensor, kept: tf.Tensor[]) => tf.Tensor,
): tf.Tensor1D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [logits, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const { value, keep } = forward(logits, z);
    save([z, ...keep]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedZ, ...kept] = saved as [tf.Tensor, ...tf.Tensor[]];
        return tf.mul(gradient(savedZ, kept), tf.expandDims(dy, -1));
      },
    };
  });
  return op(x) as tf.Tensor1D;
}
