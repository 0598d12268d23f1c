import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from './lossOptions.js';
import { softmaxCrossEntropyOfIds, softmaxCrossEntropySum } from './softmaxCrossEntropySum.js';
import { weightedLoss } from './weightedLoss.js';

/**
 * Softmax cross-entropy per example, optionally class-weighted:
 *
 *   CE_b = -Σ_c z_{b,c} · log softmax(x_b)_c,   loss_b = w_b · CE_b
 *
 * Use for single-label classification. With `classWeights` from `classBalancedWeights` and
 * `reduction: 'mean'` this is the class-balanced softmax loss of Cui et al. (arXiv:1901.05555):
 * Σ_b w_b·CE_b / #{b : w_b ≠ 0}. The gradient w.r.t. the logits, w_b·(softmax(x_b)·Σ_c z_{b,c} - z_b), is
 * computed in closed form (see `softmaxCrossEntropySum`); the labels get no gradient. Integer class ids never become
 * one-hot rows: their kernel gathers the true-class logit (`softmaxCrossEntropyOfIds`).
 *
 * @param labels - one-hot / soft labels [B, C] (values in [0, 1]) or integer class ids [B] or [B, 1].
 * @param logits - float32 [B, C], unnormalised scores (no softmax applied).
 * @param options - `classWeights` (length C), `reduction` (default `'none'`: shape [B]).
 * @returns [B] for `'none'`, else a scalar.
 * @throws CbLossError for shape mismatches, labels out of range, bad weights or an unknown reduction.
 * @example
 * softmaxCrossEntropy(tf.tensor1d([0], 'int32'), tf.tensor2d([[2, 0]])).print();
 * // Tensor [0.126928]
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor, options: LossOptions = {}): tf.Tensor {
  return weightedLoss('softmaxCrossEntropy', labels, logits, options, {
    dense: softmaxCrossEntropySum,
    classIds: softmaxCrossEntropyOfIds,
  });
}
