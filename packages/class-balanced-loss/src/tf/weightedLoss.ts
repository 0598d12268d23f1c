import * as tf from '@tensorflow/tfjs-core';
import { denseLabels } from './denseLabels.js';
import { checkClassWeights, exampleWeights } from './exampleWeights.js';
import type { LossOptions } from './lossOptions.js';
import { reduceLoss, resolveReduction } from './reduction.js';

/**
 * Shared frame of every loss: validates the arguments, turns labels into dense z [B, C], computes the
 * per-example losses with `perExample(z, logits)`, multiplies them by the example weights and reduces.
 * No tensor created here outlives the call except the result.
 */
export function weightedLoss(
  fn: string,
  labels: tf.Tensor,
  logits: tf.Tensor,
  options: LossOptions,
  perExample: (z: tf.Tensor2D, logits: tf.Tensor2D) => tf.Tensor,
): tf.Tensor {
  const reduction = resolveReduction(fn, options.reduction ?? 'none');
  return tf.tidy(() => {
    const z = denseLabels(fn, labels, logits);
    const weights = checkClassWeights(fn, options.classWeights, logits.shape[1] as number);
    const losses = perExample(z, logits as tf.Tensor2D) as tf.Tensor1D;
    if (weights === undefined) return reduceLoss(losses, reduction, { labels: z });
    const w = exampleWeights(z, weights);
    return reduceLoss(tf.mul(losses, w), reduction, { labels: z, exampleWeights: w });
  });
}
