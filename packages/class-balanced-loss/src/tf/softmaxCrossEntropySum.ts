import * as tf from '@tensorflow/tfjs-core';
import { gatherAt, type ClassIdLabels } from './classIdLabels.js';
import { closedFormLoss } from './closedFormLoss.js';
import { hasLogSoftmaxGather, logSoftmaxGather } from './logSoftmaxGather.js';

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

/**
 * CE_b = -log softmax(x_b)_{y_b}: {@link softmaxCrossEntropySum} of the one-hot rows of class ids y, computed without
 * them, with a closed-form gradient w.r.t. the logits.
 *
 *   p = softmax(x_b),   a = argmax_c x_{b,c}
 *   CE_b = log Σ_c exp(x_{b,c}) - x_{b,y} = (x_{b,a} - x_{b,y}) - log p_a
 *   d/dx_c = p_c (c ≠ y),   d/dx_y = p_y - 1 = expm1(-CE_b)
 *
 * Forward: one softmax (the backend's fused kernel), one arg max and gathers of [B]. p_a = exp(x_a - log Σ exp(x))
 * ≥ 1/C never underflows, so its log is finite, and both terms are ≥ 0: CE_b is finite and ≥ 0 for every finite x,
 * where -log p_y would be infinite once p_y underflows. Backward: p scaled by the upstream gradient, the true
 * classes replaced by expm1(-CE_b)·dy_b (no cancellation in p_y - 1).
 *
 * On a backend that registers the fused kernels of `logSoftmaxGather` (tfjs-backend-libtorch), CE_b =
 * -logSoftmaxGather(y, x)_b instead: the same quantity, (m - x_y) + log Σ exp(x - m) ≥ 0, from two read sweeps of x,
 * and a backward that writes the gradient in one sweep (no softmax, arg max, scaling or copy of [B, C]).
 *
 * @param labels - class ids (see `ClassIdLabels`).
 * @param x - logits [B, C], float32.
 * @returns [B].
 * @example
 * softmaxCrossEntropyOfIds(classIdLabels(Int32Array.of(0), 2), tf.tensor2d([[0, 0]])).print(); // [0.6931472] (log 2)
 */
export function softmaxCrossEntropyOfIds(labels: ClassIdLabels, x: tf.Tensor2D): tf.Tensor1D {
  if (x.dtype === 'float32' && hasLogSoftmaxGather()) return tf.neg(logSoftmaxGather(labels.ids, x));
  return closedFormLoss(
    labels.flatIndices,
    x,
    (logits, flatIndices) => {
      const p = tf.softmax(logits);
      // b·C + a_b = (b·C + y_b) - y_b + a_b: the flat position of each row's arg max
      const argMaxAt = tf.add(tf.sub(flatIndices, labels.ids), tf.argMax(logits, -1)) as tf.Tensor1D;
      // log Σ exp(x) = x_a - log p_a: finite, as p_a ≥ 1/C
      const gap = tf.sub(gatherAt(logits, argMaxAt), gatherAt(logits, flatIndices as tf.Tensor1D));
      const ce = tf.sub(gap, tf.log(gatherAt(p, argMaxAt)));
      return { value: ce, keep: [p, ce] };
    },
    // p_y - 1 = exp(-CE) - 1, through expm1: accurate when p_y is close to 1
    (_, [p, ce]) => ({ others: p as tf.Tensor, trueClass: tf.expm1(tf.neg(ce as tf.Tensor)) }),
  );
}
