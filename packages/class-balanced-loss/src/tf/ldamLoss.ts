import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_MAX_MARGIN, ldamMarginsFor } from '../core/ldamMargins.js';
import { invalidArgument } from '../core/validate.js';
import { assertOneCountPerClass } from './assertOneCountPerClass.js';
import type { LossOptions } from './lossOptions.js';
import { softmaxCrossEntropySum } from './softmaxCrossEntropySum.js';
import { weightedLoss } from './weightedLoss.js';

/** LDAM's default logit scale s (the official code's `s=30`, for cosine logits in [-1, 1]). */
export const DEFAULT_LDAM_SCALE = 30;

/** Options of {@link ldamLoss}. */
export interface LdamLossOptions extends LossOptions {
  /** Training samples per class n_j (positive integers), length C: the margins are Δ_j ∝ n_j^{-1/4}. */
  readonly samplesPerClass: ArrayLike<number>;
  /** The largest margin Δ (of the rarest class), a finite number ≥ 0; default 0.5. */
  readonly maxMargin?: number | undefined;
  /** The scale s > 0 applied to the margin-shifted logits; default 30. */
  readonly scale?: number | undefined;
}

/**
 * LDAM, the label-distribution-aware margin loss (Cao et al., NeurIPS 2019, arXiv:1906.07413): softmax
 * cross-entropy after subtracting a per-class margin from the true class's logit and scaling:
 *
 *   Δ_j = maxMargin · (n_min / n_j)^{1/4}                     (see `ldamMargins`)
 *   loss_b = w_b · CE(s · (x_b − Δ ⊙ z_b), z_b)               (for one-hot z: s·(x_{b,y} − Δ_y) for the true class)
 *
 * Rare classes must beat the others by a larger margin, which enlarges their decision regions. With soft or
 * multi-hot labels every class logit is shifted by z_{b,c}·Δ_c. maxMargin 0 and s = 1 give `softmaxCrossEntropy`.
 * The official code feeds it cosine logits (features and class weights L2-normalised, its `NormedLinear`), in
 * [-1, 1], hence s = 30; with an ordinary linear last layer choose a smaller s. Pair it with deferred
 * re-weighting (`createLoss('ldam', { beta: 0.9999, drwEpoch })`: LDAM-DRW) and `reduction: 'weightedMean'`, the
 * official `F.cross_entropy(weight=...)`. The gradient w.r.t. the logits is s·(softmax(x')·Σz − z)·w_b, the
 * closed form of `softmaxCrossEntropySum` times s; finite for every finite logit.
 *
 * @param labels - one-hot / soft labels [B, C] (values in [0, 1]) or integer class ids [B] or [B, 1].
 * @param logits - float32 [B, C].
 * @param options - `samplesPerClass` (length C), `maxMargin` (default 0.5), `scale` (default 30), `classWeights`,
 *   `reduction` (default `'none'`: shape [B]).
 * @returns [B] for `'none'`, else a scalar.
 * @throws CbLossError for zero or bad counts, a bad maxMargin or scale, counts whose length is not C, and the
 *   label/logit errors of every loss.
 * @example
 * // margins [0.5·(1/16)^{1/4}, 0.5] = [0.25, 0.5]; class 1 with s = 2: CE(2·[0, 0 − 0.5], 1) = log(1 + e)
 * ldamLoss(tf.tensor1d([1], 'int32'), tf.tensor2d([[0, 0]]), { samplesPerClass: [16, 1], scale: 2 }).print();
 * // Tensor [1.3132616]
 */
export function ldamLoss(labels: tf.Tensor, logits: tf.Tensor, options: LdamLossOptions): tf.Tensor {
  const fn = 'ldamLoss';
  if (options === null || typeof options !== 'object') throw invalidArgument(fn, 'options', 'be an object', options);
  const scale = options.scale ?? DEFAULT_LDAM_SCALE;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw invalidArgument(fn, 'scale', 'be a finite number > 0', scale);
  const margins = ldamMarginsFor(fn, options.samplesPerClass, options.maxMargin ?? DEFAULT_MAX_MARGIN);
  return weightedLoss(fn, labels, logits, options, (z, x) => {
    assertOneCountPerClass(fn, margins.length, x);
    // x' = s·(x − z ⊙ Δ): the margin is subtracted from the labelled classes only (the official torch.where(index, x − Δ_y, x))
    const shifted = tf.mul(scale, tf.sub(x, tf.mul(z, tf.tensor1d(margins, 'float32'))));
    return softmaxCrossEntropySum(z, shifted as tf.Tensor2D);
  });
}
