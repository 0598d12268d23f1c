import * as tf from '@tensorflow/tfjs-core';
import type { ClassIdLabels } from './classIdLabels.js';
import { denseLabels } from './denseLabels.js';
import { checkClassWeights, exampleWeights, exampleWeightsOfIds } from './exampleWeights.js';
import type { LossOptions } from './lossOptions.js';
import { lossLabels } from './lossLabels.js';
import { reduceLoss, resolveReduction } from './reduction.js';

/** A per-example loss kernel: losses [B] from dense labels z [B, C] and logits [B, C]. */
export type DenseKernel = (z: tf.Tensor2D, logits: tf.Tensor2D) => tf.Tensor;

/**
 * The kernels of a per-example loss: `dense` for dense labels, and optionally `classIds` for integer class ids,
 * which then never become one-hot rows [B, C]. Without `classIds`, ids are turned into one-hot z for `dense`.
 */
export interface PerExampleKernels {
  readonly dense: DenseKernel;
  readonly classIds?: ((labels: ClassIdLabels, logits: tf.Tensor2D) => tf.Tensor) | undefined;
}

/**
 * Shared frame of every loss: validates the arguments, computes the per-example losses with `perExample` (a
 * {@link DenseKernel}, or {@link PerExampleKernels} to take class ids as they are), multiplies them by the example
 * weights and reduces. No tensor created here outlives the call except the result.
 *
 * @example
 * weightedLoss('sigmoidCrossEntropy', labels, logits, options, { dense: bceSum, classIds: bceSumOfIds });
 */
export function weightedLoss(
  fn: string,
  labels: tf.Tensor,
  logits: tf.Tensor,
  options: LossOptions,
  perExample: DenseKernel | PerExampleKernels,
): tf.Tensor {
  const reduction = resolveReduction(fn, options.reduction ?? 'none');
  const kernels: PerExampleKernels = typeof perExample === 'function' ? { dense: perExample } : perExample;
  return tf.tidy(() => {
    const checked = lossLabels(fn, labels, logits);
    const weights = checkClassWeights(fn, options.classWeights, logits.shape[1] as number);
    const x = logits as tf.Tensor2D;
    if (checked.kind === 'ids') {
      const ids = checked.ids;
      const losses = (kernels.classIds === undefined ? kernels.dense(denseLabels(checked), x) : kernels.classIds(ids, x)) as tf.Tensor1D;
      if (weights === undefined) return reduceLoss(losses, reduction, { labels: ids.ids });
      const w = exampleWeightsOfIds(ids, weights);
      return reduceLoss(tf.mul(losses, w), reduction, { labels: ids.ids, exampleWeights: w });
    }
    const losses = kernels.dense(checked.z, x) as tf.Tensor1D;
    if (weights === undefined) return reduceLoss(losses, reduction, { labels: checked.z });
    const w = exampleWeights(checked.z, weights);
    return reduceLoss(tf.mul(losses, w), reduction, { labels: checked.z, exampleWeights: w });
  });
}
