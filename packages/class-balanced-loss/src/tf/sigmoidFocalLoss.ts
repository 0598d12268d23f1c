import * as tf from '@tensorflow/tfjs-core';
import { assertAtLeast } from '../core/validate.js';
import { DEFAULT_GAMMA, type FocalLossOptions } from './lossOptions.js';
import { focalSum, focalSumOfIds } from './focalSum.js';
import { weightedLoss } from './weightedLoss.js';

/**
 * Sigmoid focal loss (Lin et al., arXiv:1708.02002) summed over classes per example, optionally
 * class-weighted as in Cui et al. (arXiv:1901.05555):
 *
 *   FL_{b,c} = (1 - p_t)^γ · BCE_{b,c},   p_t = σ(x) if z = 1 else 1 - σ(x)
 *   loss_b = w_b · Σ_c FL_{b,c}
 *
 * The modulator is computed as exp(-γ·(z·x + softplus(-x))) (the official code's form), which is finite
 * and differentiable for γ < 1 and for |x| ≫ 88, where (1 - p_t)^γ would give 0^γ and NaN gradients.
 * γ = 0 gives `sigmoidCrossEntropy` exactly (value and gradient). The paper's α-balancing is not
 * included: class weights play that role. The gradient w.r.t. the logits is computed in closed form
 * (see `focalSum`), not by differentiating the forward op by op; the labels get no gradient. Integer class ids
 * never become one-hot rows: their kernel handles the true class apart (`focalSumOfIds`).
 *
 * @param labels - one-hot / multi-hot [B, C] (values in [0, 1]) or integer class ids [B] or [B, 1].
 * @param logits - float32 [B, C].
 * @param options - `gamma` ≥ 0 (default 2), `classWeights` (length C), `reduction` (default `'none'`).
 * @returns [B] for `'none'`, else a scalar.
 * @example
 * sigmoidFocalLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]), { gamma: 2 }).print();
 * // Tensor [0.3465736]   (2 · 0.5² · log 2)
 */
export function sigmoidFocalLoss(labels: tf.Tensor, logits: tf.Tensor, options: FocalLossOptions = {}): tf.Tensor {
  const fn = 'sigmoidFocalLoss';
  const gamma = options.gamma ?? DEFAULT_GAMMA;
  assertAtLeast(fn, 'gamma', gamma, 0);
  return weightedLoss(fn, labels, logits, options, {
    dense: (z, x) => focalSum(z, x, gamma),
    classIds: (ids, x) => focalSumOfIds(ids, x, gamma),
  });
}
