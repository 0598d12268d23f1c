import * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { formatValue, invalidArgument } from '../core/validate.js';
import { classIdLabels, type ClassIdLabels } from './classIdLabels.js';

/** Validated labels of a loss call: dense z [B, C], or integer class ids. */
export type LossLabels =
  | { readonly kind: 'dense'; readonly z: tf.Tensor2D }
  | { readonly kind: 'ids'; readonly ids: ClassIdLabels };

/**
 * Validates `labels` against `logits` and returns them as {@link LossLabels}:
 *
 * - `logits` must be a float32 tensor of rank 2, [B, C].
 * - `labels` [B, C]: one-hot / multi-hot / soft labels, values in [0, 1] (checked) → `{ kind: 'dense', z }`, float32.
 * - `labels` [B] or [B, 1] (when C > 1): integer class ids in [0, C) (int32 or float holding integers; checked)
 *   → `{ kind: 'ids', ids }`, without building a one-hot [B, C] (see `denseLabels` for the losses that need one).
 *
 * The caller owns the returned tensors (call inside `tf.tidy`). Reads the labels (ids) or their min/max
 * (dense) from the backend to validate them.
 *
 * @example
 * lossLabels('myLoss', tf.tensor1d([1, 0], 'int32'), tf.zeros([2, 3])); // { kind: 'ids', ids: { values: [1, 0], ... } }
 * lossLabels('myLoss', tf.tensor1d([3], 'int32'), tf.zeros([1, 3]));
 * // throws: myLoss: 'labels[0]' must be an integer class id in [0, 2]; got 3.
 */
export function lossLabels(fn: string, labels: tf.Tensor, logits: tf.Tensor): LossLabels {
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
  if (isIds) return { kind: 'ids', ids: classIdLabels(readIds(fn, labels, numClasses), numClasses) };
  const values = labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
  if (batch * numClasses === 0) return { kind: 'dense', z: values as tf.Tensor2D };
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
  return { kind: 'dense', z: values as tf.Tensor2D };
}

/** Reads class ids back and checks that each is an integer in [0, numClasses). */
function readIds(fn: string, labels: tf.Tensor, numClasses: number): Int32Array {
  const read = labels.dataSync();
  const ids = new Int32Array(read.length);
  for (let b = 0; b < read.length; b++) {
    const id = read[b] as number;
    if (!Number.isInteger(id) || id < 0 || id >= numClasses) {
      throw invalidArgument(fn, `labels[${b}]`, `be an integer class id in [0, ${numClasses - 1}]`, id);
    }
    ids[b] = id;
  }
  return ids;
}
