import type * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { formatValue } from '../core/validate.js';

/**
 * Checks that a loss's class counts have one entry per class of `logits` [B, C]; throws
 * `CbLossError('shape-mismatch')` otherwise.
 *
 * @example
 * assertOneCountPerClass('ldamLoss', 3, tf.zeros([1, 4]));
 * // throws: ldamLoss: 'samplesPerClass' must have one count per class of 'logits' [1, 4]; got 3.
 */
export function assertOneCountPerClass(fn: string, numCounts: number, logits: tf.Tensor): void {
  if (numCounts !== logits.shape[1]) {
    throw new CbLossError('shape-mismatch', `${fn}: 'samplesPerClass' must have one count per class of 'logits' ${formatValue(logits.shape)}; got ${numCounts}.`);
  }
}
