import * as tf from '@tensorflow/tfjs-core';
import { assertAtLeast } from '../core/validate.js';
import { DEFAULT_GAMMA, type FocalLossOptions } from './lossOptions.js';
import { weightedLoss } from './weightedLoss.js';

/** Smallest value of 1 - s kept inside the log, so log(1 - s) stays finite when s rounds to 1. */
const TINY = 1e-30;

/**
 * Softmax focal loss per example (the multi-class form of arXiv:1708.02002), optionally class-weighted:
 *
 *   loss_b = -w_b · Σ_c z_{b,c} · (1 - s_{b,c})^γ · log s_{b,c},   s = softmax(x_b)
 *
 * For one-hot labels this is -w_b·(1 - p_t)^γ·log p_t. γ = 0 gives `softmaxCrossEntropy`.
 * (1 - s)^γ is computed as exp(γ·log(max(-expm1(log s), 1e-30))): accurate when s is close to 1, and with
 * finite gradients for γ < 1 even when s rounds to 1 in float32.
 *
 * @param labels - one-hot / soft labels [B, C] (values in [0, 1]) or integer class ids [B] or [B, 1].
 * @param logits - float32 [B, C].
 * @param options - `gamma` ≥ 0 (default 2), `classWeights` (length C), `reduction` (default `'none'`).
 * @returns [B] for `'none'`, else a scalar.
 * @example
 * softmaxFocalLoss(tf.tensor1d([0], 'int32'), tf.tensor2d([[0, 0]]), { gamma: 2 }).print();
 * // Tensor [0.1732868]   (0.5² · log 2)
 */
export function softmaxFocalLoss(labels: tf.Tensor, logits: tf.Tensor, options: FocalLossOptions = {}): tf.Tensor {
  const fn = 'softmaxFocalLoss';
  const gamma = options.gamma ?? DEFAULT_GAMMA;
  assertAtLeast(fn, 'gamma', gamma, 0);
  return weightedLoss(fn, labels, logits, options, (z, x) => {
    const logS = tf.logSoftmax(x);
    // 1 - s = -expm1(log s): no cancellation when s is close to 1; clamped so that the log stays finite
    const logOneMinusS = tf.log(tf.maximum(tf.neg(tf.expm1(logS)), TINY));
    const modulator = tf.exp(tf.mul(gamma, logOneMinusS));
    return tf.neg(tf.sum(tf.mul(z, tf.mul(modulator, logS)), -1));
  });
}
