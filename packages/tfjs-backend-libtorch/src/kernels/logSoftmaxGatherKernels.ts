import { callNative, callNative1, input, type NativeKernelSpec } from './nativeCall.js';

/**
 * Two kernels that TensorFlow.js itself does not have, for any TF.js code to call through
 * `tf.engine().runKernel(name, inputs)` when `tf.getKernel(name, 'libtorch')` says they exist (class-balanced-loss's
 * softmax cross-entropy with integer class ids does). Generic: a row-wise log-softmax read at one index per row, and
 * its gradient; nothing of size [B, C] is written by the forward.
 *
 * - `LogSoftmaxGather`, inputs `{ x: float32 [B, C], indices: int32 [B] in [0, C) }` → `[logSoftmaxAt, max, logSum]`,
 *   each [B]: m_b = max_c x_{b,c}, logSum_b = log Σ_c exp(x_{b,c} − m_b) (computed as log1p of the terms below the
 *   maximum, so that logSoftmaxAt keeps its precision when p is near 1), logSoftmaxAt_b = log softmax(x_b)[indices_b]
 *   = (x_{b,i} − m_b) − logSum_b (≤ 0, finite for a finite row).
 * - `LogSoftmaxGatherGrad`, inputs `{ x, indices, max, logSum, logSoftmaxAt, dy: float32 [B] }` → [B, C]: the gradient
 *   of Σ_b dy_b · logSoftmaxAt_b w.r.t. x: −dy_b · exp((x_{b,c} − m_b) − logSum_b) off the indices (m and logSum
 *   apart: their float32 sum would lose ~|x|·2^-24 absolute) and −dy_b · expm1(logSoftmaxAt_b) = dy_b · (1 − p) at them
 *   (no cancellation when p is near 1).
 *
 * An index outside [0, C) throws. AVX2 row loops (native/ops_softmax.cc), ATen otherwise.
 *
 * @example
 * const [at] = tf.engine().runKernel('LogSoftmaxGather', { x: tf.tensor2d([[0, 0]]), indices: tf.tensor1d([1], 'int32') });
 * at.print(); // [-0.6931472]  (log ½)
 */
export const logSoftmaxGatherKernels: readonly NativeKernelSpec[] = [
  {
    name: 'LogSoftmaxGather',
    run: (args) => callNative(args.backend, 'LogSoftmaxGather', [input(args, 'x'), input(args, 'indices')]),
  },
  {
    name: 'LogSoftmaxGatherGrad',
    run: (args) =>
      callNative1(args.backend, 'LogSoftmaxGatherGrad', [
        input(args, 'x'),
        input(args, 'indices'),
        input(args, 'max'),
        input(args, 'logSum'),
        input(args, 'logSoftmaxAt'),
        input(args, 'dy'),
      ]),
  },
];
