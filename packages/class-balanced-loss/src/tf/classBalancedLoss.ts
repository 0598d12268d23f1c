import type * as tf from '@tensorflow/tfjs-core';
import type { ZeroCountPolicy } from '../core/classBalancedWeights.js';
import { invalidArgument } from '../core/validate.js';
import { createLossFor } from '../methods/createLoss.js';
import { resolveMethod } from '../methods/resolveMethod.js';
import type { MethodName } from '../methods/lossMethods.js';

/** Options of {@link classBalancedLoss}. */
export interface ClassBalancedLossOptions {
  /** Training samples per class n_i (non-negative integers), length C. */
  readonly samplesPerClass: ArrayLike<number>;
  /** β in [0, 1]; 0 = unweighted, → 1 = inverse class frequency. The paper uses 0.9 … 0.9999. */
  readonly beta: number;
  /** A registered method: the paper's `'softmax'`, `'sigmoid'` or `'focal'` (sigmoid focal), or any other of `LOSS_METHODS`. */
  readonly type: MethodName;
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
  readonly type: MethodName;
  readonly beta: number;
  /** γ for the focal type, undefined for the others. */
  readonly gamma: number | undefined;
}

/**
 * The class-balanced loss of Cui et al. (arXiv:1901.05555) as a function `(labels, logits) => scalar`,
 * usable directly as `model.compile({ loss })` in TensorFlow.js Layers (which calls loss(yTrue, yPred)).
 * The paper's form of {@link createLoss}: `classBalancedLoss({ type, gamma, ... })` is
 * `createLoss(type, { gamma, ... })`.
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
  const method = resolveMethod(options.type, { caller: fn, argument: 'type' });
  const takesGamma = method.parameters.some((p) => p.name === 'gamma');
  const loss = createLossFor(fn, method.name, {
    samplesPerClass: options.samplesPerClass,
    beta: options.beta,
    zeroCount: options.zeroCount,
    ...(takesGamma ? { gamma: options.gamma } : {}),
  });
  const call = (labels: tf.Tensor, logits: tf.Tensor): tf.Scalar => loss(labels, logits);
  return Object.defineProperties(call, {
    weights: { value: loss.classWeights, enumerable: true },
    type: { value: method.name, enumerable: true },
    beta: { value: options.beta, enumerable: true },
    gamma: { value: takesGamma ? loss.parameters['gamma'] : undefined, enumerable: true },
  }) as ClassBalancedLoss;
}
