import * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { formatValue, invalidArgument } from '../core/validate.js';

/**
 * Validates `labels` against `logits` and returns dense float32 labels z of shape [B, C].
 *
 * - `logits` must be a float32 tensor of rank 2, [B, C].
 * - `labels` [B, C]: one-hot / multi-hot / soft labels, values in [0, 1] (checked).
 * - `labels` [B] or [B, 1] (when C > 1): integer class ids in [0, C) (int32 or float holding integers; checked).
 *
 * The caller owns the returned tensor (call inside `tf.tidy`). Reads the labels (ids) or their min/max
 * (dense) from the backend to validate them.
 */
export function denseLabels(fn: string, labels: tf.Tensor, logits: tf.Tensor): tf.Tensor2D {
  if (!(logits instanceof tf.Tensor)) throw invalidArgument(fn, 'logits', 'be a tf.Tensor', typeof logits);
  if (!(labels instanceof tf.Tensor)) throw invalidArgument(fn, 'labels', 'be a tf.Tensor', typeof labels);
  if (logits.rank !== 2) {
    throw new CbLossError('shape-mismatch', `${fn}: 'logits' must have rank 2 [B, C]; got shape ${formatValue(logits.shape)}.`);
  }
  if (logits.dtype !== 'float32') throw invalidArgument(fn, 'logits', 'have dtype float32', logits.dtype);
  const [batch, numClasses] = logits.shape as [number, number];
  const isIds = labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1 && numClasses > 1);
  const expected = `[${batch}, ${numClasses}], [${batch}] or [${batch}, 1]`;
  if (labels.rank !== 1 && labels.rank !== 2) {
    throw new CbLossError('shape-mismatch', `${fn}: 'labels' must have shape ${expected}; got shape ${formatValue(labels.shape)}.`);
  }
  if (labels.shape[0] !== batch || (!isIds && labels.shape[1] !== numClasses)) {
    throw new CbLossError(
      'shape-mismatch',
      `${fn}: 'labels' must have shape ${expected} to match 'logits' ${formatValue(logits.shape)}; got shape ${formatValue(labels.shape)}.`,
    );
  }
  if (labels.dtype === 'string' || labels.dtype === 'complex64') throw invalidArgument(fn, 'labels', 'have a numeric dtype', labels.dtype);
  if (isIds) return idsToOneHot(fn, labels, batch, numClasses);
  const values = labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
  if (batch * numClasses === 0) return values as tf.Tensor2D;
  // one read-back for both bounds
  const bounds = tf.stack([tf.min(values), tf.max(values)]).dataSync();
  const min = bounds[0] ?? NaN;
  const max = bounds[1] ?? NaN;
  if (!(min >= 0 && max <= 1)) {
    throw new CbLossError(
      'invalid-argument',
      `${fn}: 'labels' must hold values in [0, 1] (one-hot, multi-hot or soft labels); got values in [${min}, ${max}].`,
    );
  }
  return values as tf.Tensor2D;
}

function idsToOneHot(fn: string, labels: tf.Tensor, batch: number, numClasses: number): tf.Tensor2D {
  const ids = labels.dataSync();
  for (let b = 0; b < ids.length; b++) {
    const id = ids[b] as number;
    if (!Number.isInteger(id) || id < 0 || id >= numClasses) {
      throw invalidArgument(fn, `labels[${b}]`, `be an integer class id in [0, ${numClasses - 1}]`, id);
    }
  }
  const flat = tf.reshape(labels, [batch]);
  const indices = labels.dtype === 'int32' ? flat : tf.cast(flat, 'int32');
  // one-hot in int32 then cast: the wasm backend ignores the dtype argument of tf.oneHot
  return tf.cast(tf.oneHot(indices as tf.Tensor1D, numClasses), 'float32') as tf.Tensor2D;
}
