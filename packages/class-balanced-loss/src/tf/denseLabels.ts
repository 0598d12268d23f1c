import * as tf from '@tensorflow/tfjs-core';
import type { LossLabels } from './lossLabels.js';

/**
 * Dense labels z [B, C], float32, from validated {@link LossLabels}: z itself, or the one-hot rows of class ids
 * (for the losses without a gather-based kernel). Call inside `tf.tidy`.
 *
 * @example
 * denseLabels(lossLabels('f', tf.tensor1d([1], 'int32'), tf.zeros([1, 3]))).print(); // [[0, 1, 0]]
 */
export function denseLabels(labels: LossLabels): tf.Tensor2D {
  if (labels.kind === 'dense') return labels.z;
  // one-hot in int32 then cast: the wasm backend ignores the dtype argument of tf.oneHot
  return tf.cast(tf.oneHot(labels.ids.ids, labels.ids.numClasses), 'float32') as tf.Tensor2D;
}
