import * as tf from '@tensorflow/tfjs-core';

/**
 * Integer class-id labels y [B] (one positive class per example), in the forms the gather-based loss kernels use:
 * nothing of size [B, C] is built from them. Created by `lossLabels` (which validated the ids); the tensors belong
 * to the caller's `tf.tidy`.
 */
export interface ClassIdLabels {
  /** The ids y_b as read back, each in [0, C). */
  readonly values: Int32Array;
  /** The ids y_b, int32 [B]. */
  readonly ids: tf.Tensor1D;
  /** b·C + y_b, int32 [B]: the true-class positions in the logits reshaped to [B·C]. */
  readonly flatIndices: tf.Tensor1D;
  /** C, the number of classes of the logits. */
  readonly numClasses: number;
}

/**
 * Builds {@link ClassIdLabels} from validated ids (integers in [0, numClasses)). Call inside `tf.tidy`.
 *
 * @example
 * classIdLabels(Int32Array.of(2, 0), 3).flatIndices.print(); // [2, 3]
 */
export function classIdLabels(values: Int32Array, numClasses: number): ClassIdLabels {
  // b·C + y_b < B·C, which fits in int32 for every tensor TF.js can hold (its typed arrays stop below 2^31 elements)
  const flat = Int32Array.from(values, (id, b) => b * numClasses + id);
  return { values, ids: tf.tensor1d(values, 'int32'), flatIndices: tf.tensor1d(flat, 'int32'), numClasses };
}

/**
 * x_{b, y_b}: the entry of each row of `x` [B, C] at the flat positions `flatIndices` (b·C + y_b), [B].
 *
 * @example
 * gatherAt(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor1d([1, 2], 'int32')).print(); // [2, 3]
 */
export function gatherAt(x: tf.Tensor, flatIndices: tf.Tensor1D): tf.Tensor1D {
  return tf.gather(tf.reshape(x, [-1]), flatIndices) as tf.Tensor1D;
}

/**
 * `fresh` [B, C] with its entries at the flat positions `flatIndices` (b·C + y_b) replaced by `values` [B]: one
 * copy of [B, C] instead of building a one-hot mask and blending.
 *
 * `fresh` must be a tensor the caller has just computed and reads no more: the cpu backend of TF.js 4.x writes
 * TensorScatterUpdate's result into its input's memory (so its input, and any tensor sharing that memory such as a
 * reshape or a clone of the user's logits, would change too).
 *
 * @example
 * replaceAt(tf.zeros([2, 2]), tf.tensor1d([1, 2], 'int32'), tf.tensor1d([5, 6])).print(); // [[0, 5], [6, 0]]
 */
export function replaceAt(fresh: tf.Tensor, flatIndices: tf.Tensor1D, values: tf.Tensor1D): tf.Tensor {
  const updated = tf.tensorScatterUpdate(tf.reshape(fresh, [-1]), tf.expandDims(flatIndices, 1), values);
  return tf.reshape(updated, fresh.shape);
}
