import * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { assertAtLeast, formatValue, invalidArgument } from '../core/validate.js';

/**
 * τ-normalisation of a trained classifier (Kang et al., Decoupling Representation and Classifier for Long-Tailed
 * Recognition, ICLR 2020, arXiv:1910.09217, §4): each class's weight vector is divided by a power of its norm,
 *
 *   W̃_{:,c} = W_{:,c} / ‖W_{:,c}‖^τ
 *
 * After instance-balanced training the weight norms of frequent classes are larger, which biases the decision
 * boundaries towards them; τ = 1 equalises the norms, τ = 0 changes nothing, and τ in between (tuned on a balanced
 * validation set) trades one for the other. Applied once, after training, to the final layer's kernel: Kang et al.
 * then compute the logits f·W̃ without the bias (set it to 0, or train the last layer without one). A zero column
 * stays zero. ‖W_c‖^{−τ} is computed in float32 as exp(−τ/2·log Σ W²); a result outside the float32 range (‖W_c‖^τ
 * beyond about 1e±38) needs `tauNormalizeValues`, which computes in float64.
 *
 * @param kernel - float32 [D, C], one column per class (a tfjs-layers dense kernel: `layer.getWeights()[0]`).
 * @param tau - τ ≥ 0.
 * @returns a new [D, C] tensor (the caller disposes it).
 * @throws CbLossError for a kernel that is not a rank-2 float32 tensor or a bad τ.
 * @example
 * tauNormalize(tf.tensor2d([[3, 0], [4, 2]]), 1).print(); // [[0.6, 0], [0.8, 1]]
 * const dense = model.layers[model.layers.length - 1]!;
 * const [kernel, bias] = dense.getWeights();
 * dense.setWeights([tauNormalize(kernel!, 0.7), tf.zerosLike(bias!)]);
 */
export function tauNormalize(kernel: tf.Tensor, tau: number): tf.Tensor2D {
  const fn = 'tauNormalize';
  if (!(kernel instanceof tf.Tensor)) throw invalidArgument(fn, 'kernel', 'be a tf.Tensor', typeof kernel);
  if (kernel.rank !== 2) throw new CbLossError('shape-mismatch', `${fn}: 'kernel' must have rank 2 [D, C]; got shape ${formatValue(kernel.shape)}.`);
  if (kernel.dtype !== 'float32') throw invalidArgument(fn, 'kernel', 'have dtype float32', kernel.dtype);
  assertAtLeast(fn, 'tau', tau, 0);
  return tf.tidy(() => {
    const squares = tf.sum(tf.square(kernel), 0, true);
    const nonZero = tf.greater(squares, 0);
    // ‖W_c‖^{-τ} = exp(-τ/2 · log Σ W²): no square root; 1 for a zero column (its square sum is replaced by 1, no log 0)
    const factors = tf.exp(tf.mul(-tau / 2, tf.log(tf.where(nonZero, squares, tf.onesLike(squares)))));
    return tf.mul(kernel, factors) as tf.Tensor2D;
  });
}
