import * as tf from '@tensorflow/tfjs-core';

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
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [logits, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const shifted = tf.sub(logits, tf.max(logits, -1, true));
    const logProbabilities = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
    // z too: the caller's tidy disposes it before the backward pass runs
    save([logProbabilities, z]);
    return {
      value: tf.neg(tf.sum(tf.mul(z, logProbabilities), -1)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [logP, savedZ] = saved as [tf.Tensor, tf.Tensor];
        const gradient = tf.sub(tf.mul(tf.exp(logP), tf.sum(savedZ, -1, true)), savedZ);
        return tf.mul(gradient, tf.expandDims(dy, -1));
      },
    };
  });
  return op(x) as tf.Tensor1D;
}
