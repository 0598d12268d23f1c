import * as tf from '@tensorflow/tfjs-core';
import { assertOneOf } from '../core/validate.js';

/**
 * How per-example losses l_b (already multiplied by their example weight w_b) become the returned value:
 * - `'none'`: the vector l, shape [B];
 * - `'sum'`: Σ_b l_b;
 * - `'mean'`: Σ_b l_b / #{b : w_b ≠ 0}, i.e. TensorFlow's SUM_BY_NONZERO_WEIGHTS; this is Σ_b l_b / B when no
 *   example weight is 0 (always the case without class weights);
 * - `'meanOverPositives'`: Σ_b l_b / Σ_{b,c} z_{b,c}, the number of positive labels (B for one label per
 *   example); the normalisation of sigmoid and focal losses in arXiv:1708.02002 and arXiv:1901.05555;
 * - `'weightedMean'`: Σ_b l_b / Σ_b w_b, the weighted average of the unweighted losses: PyTorch's
 *   `F.cross_entropy(weight=...)` with reduction `'mean'`, as the official LDAM-DRW and Balanced Softmax code
 *   use it. Σ_b l_b / B when unweighted, like `'mean'`; with class weights it keeps the loss on the scale of one
 *   example's loss however the batch's classes are weighted (where `'mean'` shrinks a batch of head classes).
 *
 * A zero denominator (e.g. a batch without positive labels) is replaced by 1, so the result is never NaN.
 */
export type Reduction = 'none' | 'sum' | 'mean' | 'meanOverPositives' | 'weightedMean';

/** All valid {@link Reduction} values. */
export const REDUCTIONS = ['none', 'sum', 'mean', 'meanOverPositives', 'weightedMean'] as const satisfies readonly Reduction[];

/**
 * Checks a reduction name; unknown values throw `CbLossError('unknown-name')` listing the valid ones.
 *
 * @example
 * resolveReduction('myLoss', 'avg');
 * // throws: myLoss: 'reduction' must be one of 'none', 'sum', 'mean', 'meanOverPositives', 'weightedMean'; got 'avg'.
 */
export function resolveReduction(fn: string, value: unknown): Reduction {
  assertOneOf(fn, 'reduction', value, REDUCTIONS);
  return value;
}

/** What {@link reduceLoss} needs besides the losses: the labels and optional example weights. */
export interface ReductionContext {
  /** Dense labels z, shape [B, C], or integer class ids, shape [B] (one positive label per example). */
  readonly labels: tf.Tensor2D | tf.Tensor1D;
  /** Example weights w_b, shape [B], or undefined when unweighted. */
  readonly exampleWeights?: tf.Tensor1D | undefined;
}

/**
 * Applies a {@link Reduction} to weighted per-example losses `perExample` (shape [B]).
 * The one place where reductions are defined; every loss of this package calls it.
 *
 * @example
 * const labels = tf.tensor2d([[1, 0], [1, 1]]);
 * reduceLoss(tf.tensor1d([1, 2]), 'meanOverPositives', { labels }).print(); // Tensor 1   (3 / 3 positives)
 * reduceLoss(tf.tensor1d([1, 2]), 'mean', { labels }).print();              // Tensor 1.5
 * // weighted losses [0.5·2, 2·1] with example weights [0.5, 2]: (1 + 2) / 2.5
 * reduceLoss(tf.tensor1d([1, 2]), 'weightedMean', { labels, exampleWeights: tf.tensor1d([0.5, 2]) }).print(); // Tensor 1.2
 * reduceLoss(tf.tensor1d([1, 2]), 'meanOverPositives', { labels: tf.tensor1d([0, 1], 'int32') }).print(); // Tensor 1.5
 */
export function reduceLoss(perExample: tf.Tensor1D, reduction: Reduction, context: ReductionContext): tf.Tensor {
  return tf.tidy(() => {
    switch (reduction) {
      case 'none':
        return perExample.clone();
      case 'sum':
        return tf.sum(perExample);
      case 'mean': {
        const count =
          context.exampleWeights === undefined
            ? tf.scalar(perExample.shape[0])
            : tf.sum(tf.cast(tf.notEqual(context.exampleWeights, 0), 'float32'));
        return tf.div(tf.sum(perExample), nonZero(count));
      }
      case 'meanOverPositives': {
        // class ids: one positive per example, B in all, without a pass over [B, C]
        const positives = context.labels.rank === 1 ? tf.scalar(context.labels.shape[0]) : tf.sum(context.labels);
        return tf.div(tf.sum(perExample), nonZero(positives));
      }
      case 'weightedMean': {
        const total = context.exampleWeights === undefined ? tf.scalar(perExample.shape[0]) : tf.sum(context.exampleWeights);
        return tf.div(tf.sum(perExample), nonZero(total));
      }
    }
  });
}

/** The denominator, with 0 replaced by 1. Not tf.divNoNan: its zerosLike(a/b) puts Equal, which has no
 * gradient, on the path from the logits to the loss. */
function nonZero(denominator: tf.Tensor): tf.Tensor {
  return tf.where(tf.greater(denominator, 0), denominator, tf.onesLike(denominator));
}
