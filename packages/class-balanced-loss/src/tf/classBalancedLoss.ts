import * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { classBalancedWeights, type ZeroCountPolicy } from '../core/classBalancedWeights.js';
import { assertAtLeast, formatValue, invalidArgument } from '../core/validate.js';
import { DEFAULT_GAMMA } from './lossOptions.js';
import { resolveLossType, type LossType } from './lossTypes.js';
import { sigmoidCrossEntropy } from './sigmoidCrossEntropy.js';
import { sigmoidFocalLoss } from './sigmoidFocalLoss.js';
import { softmaxCrossEntropy } from './softmaxCrossEntropy.js';

/** Options of {@link classBalancedLoss}. */
export interface ClassBalancedLossOptions {
  /** Training samples per class n_i (non-negative integers), length C. */
  readonly samplesPerClass: ArrayLike<number>;
  /** β in [0, 1]; 0 = unweighted, → 1 = inverse class frequency. The paper uses 0.9 … 0.9999. */
  readonly beta: number;
  /** `'softmax'`, `'sigmoid'` or `'focal'` (sigmoid focal). */
  readonly type: LossType;
  /** Focusing parameter γ ≥ 0 of the focal type, default 2. Ignored by the other types. */
  readonly gamma?: number | undefined;
  /** Zero-count policy of `classBalancedWeights`, default `'error'`. */
  readonly zeroCount?: ZeroCountPolicy | undefined;
}

/** The function returned by {@link classBalancedLoss}, with its configuration attached. */
export interface ClassBalancedLoss {
  /** Mean class-balanced loss of a batch: labels [B, C] or [B] / [B, 1] ids, logits [B, C] → scalar. */
  (labels: tf.Tensor, logits: tf.Tensor): tf.Scalar;
  /** The C class weights (float64, sum C), computed once. */
  readonly weights: readonly number[];
  readonly type: LossType;
  readonly beta: number;
  /** γ for the focal type, undefined for the others. */
  readonly gamma: number | undefined;
}

/**
 * The class-balanced loss of Cui et al. (arXiv:1901.05555) as a function `(labels, logits) => scalar`,
 * usable directly as `model.compile({ loss })` in TensorFlow.js Layers (which calls loss(yTrue, yPred)).
 *
 * The class weights w_c ∝ (1-β)/(1-β^{n_c}), summing to C, are computed once in float64 when this is
 * called, never per batch. Example b gets w_b = the weight of its true class (see `LossOptions` for
 * multi-hot labels). Reductions follow the official implementation:
 * - `softmax`: Σ_b w_b·CE_b / #{b : w_b ≠ 0}   (= mean over the batch when no weight is 0);
 * - `sigmoid`: Σ_{b,c} w_b·BCE_{b,c} / #positives;
 * - `focal`:   Σ_{b,c} w_b·(1-p_t)^γ·BCE_{b,c} / #positives   (arXiv:1708.02002).
 *
 * The model's last layer must output logits, i.e. use a linear activation (no softmax/sigmoid): the
 * loss applies softmax or sigmoid itself, stably. For sigmoid and focal types, initialise the last bias
 * with `priorBiasInitializer(C)` as the paper does.
 *
 * @throws CbLossError at creation for bad counts, β, γ or type; at call time for shape mismatches
 *   (including logits with a number of classes other than samplesPerClass.length) and bad labels.
 * @example
 * const loss = classBalancedLoss({ samplesPerClass: [5000, 500, 50], beta: 0.999, type: 'focal', gamma: 1 });
 * console.log(loss.weights); // [0.12562886279516525, 0.3170168249737596, 2.557354312231075]
 * loss(tf.tensor1d([2], 'int32'), tf.tensor2d([[0, 0, 0]])).print();
 * // Tensor 2.6589344   (w_2 · 3 classes · 0.5^γ · log 2, divided by 1 positive)
 * model.compile({ optimizer: tf.train.adam(1e-3), loss }); // last layer: linear activation (logits)
 */
export function classBalancedLoss(options: ClassBalancedLossOptions): ClassBalancedLoss {
  const fn = 'classBalancedLoss';
  if (options === null || typeof options !== 'object') throw invalidArgument(fn, 'options', 'be an object', options);
  const type = resolveLossType(options.type);
  const weights = Object.freeze(classBalancedWeights(options.samplesPerClass, options.beta, { zeroCount: options.zeroCount ?? 'error' }));
  const gamma = type === 'focal' ? (options.gamma ?? DEFAULT_GAMMA) : undefined;
  if (gamma !== undefined) assertAtLeast(fn, 'gamma', gamma, 0);
  const numClasses = weights.length;
  const loss = (labels: tf.Tensor, logits: tf.Tensor): tf.Scalar => {
    if (logits instanceof tf.Tensor && logits.rank === 2 && logits.shape[1] !== numClasses) {
      throw new CbLossError(
        'shape-mismatch',
        `${fn}: 'logits' must have ${numClasses} classes (the length of 'samplesPerClass'); got shape ${formatValue(logits.shape)}.`,
      );
    }
    switch (type) {
      case 'softmax':
        return softmaxCrossEntropy(labels, logits, { classWeights: weights, reduction: 'mean' }) as tf.Scalar;
      case 'sigmoid':
        return sigmoidCrossEntropy(labels, logits, { classWeights: weights, reduction: 'meanOverPositives' }) as tf.Scalar;
      case 'focal':
        return sigmoidFocalLoss(labels, logits, { classWeights: weights, reduction: 'meanOverPositives', gamma }) as tf.Scalar;
    }
  };
  return Object.defineProperties(loss, {
    weights: { value: weights, enumerable: true },
    type: { value: type, enumerable: true },
    beta: { value: options.beta, enumerable: true },
    gamma: { value: gamma, enumerable: true },
  }) as ClassBalancedLoss;
}
