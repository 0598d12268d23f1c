import * as tf from '@tensorflow/tfjs-core';

/**
 * The optional backend kernels of {@link logSoftmaxGather}: TensorFlow.js has no such kernels, a backend may register
 * them (tfjs-backend-libtorch does). The library names them here and never imports a backend.
 *
 * - `LogSoftmaxGather`, inputs `{ x: float32 [B, C], indices: int32 [B] }` → `[logSoftmaxAt, max, logSum]`, each [B]:
 *   log softmax(x_b)[indices_b], m_b = max_c x_{b,c} and log Σ_c exp(x_{b,c} − m_b);
 * - `LogSoftmaxGatherGrad`, inputs `{ x, indices, max, logSum, logSoftmaxAt, dy: [B] }` → the gradient of
 *   Σ_b dy_b · logSoftmaxAt_b w.r.t. x, [B, C].
 */
export const LOG_SOFTMAX_GATHER_KERNELS = Object.freeze({ forward: 'LogSoftmaxGather', gradient: 'LogSoftmaxGatherGrad' });

/**
 * Whether the active backend registers both kernels of {@link LOG_SOFTMAX_GATHER_KERNELS}.
 *
 * @example
 * await tf.setBackend('cpu'); hasLogSoftmaxGather(); // false
 */
export function hasLogSoftmaxGather(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(LOG_SOFTMAX_GATHER_KERNELS.forward, backend) !== undefined && tf.getKernel(LOG_SOFTMAX_GATHER_KERNELS.gradient, backend) !== undefined;
}

/**
 * log softmax(x_b)[y_b] for integer class ids y, through the backend's fused kernels (check
 * {@link hasLogSoftmaxGather} first), differentiable w.r.t. x:
 *
 *   log softmax(x_b)_y = (x_{b,y} − m_b) − log Σ_c exp(x_{b,c} − m_b),   m_b = max_c x_{b,c}
 *   d/dx_{b,c} = 1[c = y] − exp((x_{b,c} − m_b) − log Σ_k exp(x_{b,k} − m_b)),   at c = y: −expm1(log softmax(x_b)_y)
 *
 * Both terms of the first line are ≤ 0 (the sum is ≥ 1): the result is ≤ 0 and finite for every finite x. The
 * forward writes nothing of size [B, C]; the backward writes the gradient once, with the upstream gradient applied in
 * the same sweep. The ids get no gradient.
 *
 * @param ids - class ids y, int32 [B], each in [0, C) (validated by the caller).
 * @param x - logits, float32 [B, C].
 * @returns [B].
 * @example
 * logSoftmaxGather(tf.tensor1d([1], 'int32'), tf.tensor2d([[0, 0]])).print(); // [-0.6931472] (log ½)
 */
export function logSoftmaxGather(ids: tf.Tensor1D, x: tf.Tensor2D): tf.Tensor1D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [logits, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const [logSoftmaxAt, max, logSum] = tf.engine().runKernel(LOG_SOFTMAX_GATHER_KERNELS.forward, { x: logits, indices: ids }) as tf.Tensor[];
    save([logits, ids, max as tf.Tensor, logSum as tf.Tensor, logSoftmaxAt as tf.Tensor]);
    return {
      value: logSoftmaxAt as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, indices, m, l, at] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(LOG_SOFTMAX_GATHER_KERNELS.gradient, { x: xs, indices, max: m, logSum: l, logSoftmaxAt: at, dy }) as tf.Tensor;
      },
    };
  });
  return op(x) as tf.Tensor1D;
}
