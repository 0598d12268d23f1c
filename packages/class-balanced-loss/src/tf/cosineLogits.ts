import * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { formatValue, invalidArgument } from '../core/validate.js';

/** Smallest norm divided by, as PyTorch's `F.normalize` (eps 1e-12): a zero vector stays zero instead of NaN. */
const EPSILON = 1e-12;

/**
 * Cosine logits of a normalised linear classifier (LDAM's `NormedLinear`, Cao et al., arXiv:1906.07413): the
 * cosine between each feature vector and each class's weight vector,
 *
 *   x_{b,c} = (f_b / ‖f_b‖) · (W_{:,c} / ‖W_{:,c}‖)     in [-1, 1], no bias
 *
 * the last layer that `resolveMethod(name).classifier === 'cosine'` asks for (a loss such as `ldamLoss` then
 * scales them by s). Norms below 1e-12 are replaced by 1e-12, as in `F.normalize`, so zero vectors give 0, not NaN.
 * Differentiable w.r.t. both inputs (automatic differentiation).
 *
 * @param features - float32 [B, D].
 * @param kernel - float32 [D, C], one column per class (the layout of a tfjs-layers dense kernel).
 * @returns [B, C].
 * @example
 * cosineLogits(tf.tensor2d([[3, 4]]), tf.tensor2d([[1, 0], [0, 2]])).print(); // [[0.6, 0.8]]
 */
export function cosineLogits(features: tf.Tensor, kernel: tf.Tensor): tf.Tensor2D {
  const fn = 'cosineLogits';
  if (!(features instanceof tf.Tensor)) throw invalidArgument(fn, 'features', 'be a tf.Tensor', typeof features);
  if (!(kernel instanceof tf.Tensor)) throw invalidArgument(fn, 'kernel', 'be a tf.Tensor', typeof kernel);
  if (features.rank !== 2 || kernel.rank !== 2 || features.shape[1] !== kernel.shape[0]) {
    throw new CbLossError(
      'shape-mismatch',
      `${fn}: 'features' [B, D] and 'kernel' [D, C] must agree on D; got shapes ${formatValue(features.shape)} and ${formatValue(kernel.shape)}.`,
    );
  }
  return tf.tidy(() => tf.matMul(tf.div(features, safeNorm(features, 1)), tf.div(kernel, safeNorm(kernel, 0))) as tf.Tensor2D);
}

/** max(‖v‖, ε) along `axis`, kept as a size-1 axis. */
function safeNorm(x: tf.Tensor, axis: number): tf.Tensor {
  // sqrt(max(Σv², ε²)) rather than max(sqrt(Σv²), ε): the gradient of sqrt at 0 is infinite, and 0·∞ = NaN would
  // reach the inputs of a zero vector
  return tf.sqrt(tf.maximum(tf.sum(tf.square(x), axis, true), EPSILON * EPSILON));
}
