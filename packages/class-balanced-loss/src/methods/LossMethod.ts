import type * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from '../tf/lossOptions.js';
import type { Reduction } from '../tf/reduction.js';
import type { MethodParameter } from './MethodParameter.js';

/**
 * How a method initialises the bias of the model's final (logits) layer:
 * - `'zero'`: 0, the usual choice for softmax-type losses;
 * - `'prior'`: `priorBias(C)` = −log(C − 1), so that every class starts at probability 1/C under a sigmoid
 *   (Lin et al., arXiv:1708.02002 §4.1; used by Cui et al. for sigmoid and focal losses). Trainers also keep
 *   this bias out of weight decay, as the paper's code does, so that the prior is not pulled back to 0.
 */
export type FinalBias = 'zero' | 'prior';

/**
 * The last layer a method's official implementation feeds its loss:
 * - `'linear'`: an ordinary dense layer (logits x = W·f + b);
 * - `'cosine'`: features and class weight vectors L2-normalised, no bias (logits cos θ_j in [-1, 1]), e.g. LDAM's
 *   `NormedLinear`, whose scale s then sets the logits' range. See `cosineLogits`.
 */
export type Classifier = 'linear' | 'cosine';

/** What a method's per-example loss receives besides labels and logits. */
export interface MethodLossOptions extends LossOptions {
  /** Training samples per class n_c (length C): methods that use the counts themselves (margins, priors) read them. */
  readonly samplesPerClass: readonly number[];
  /** The method's parameters, every one present (defaults filled in and validated by `createLoss`). */
  readonly parameters: Readonly<Record<string, number>>;
}

/**
 * One entry of the method registry ({@link LOSS_METHODS}): everything a trainer, a CLI or a report needs to
 * know about a loss method, so that none of them switches on method names.
 */
export interface LossMethod {
  /** The name users type and code passes (e.g. `'focal'`, `'logit-adjusted'`). */
  readonly name: string;
  /** Short label for tables and plots (e.g. `'focal'`); a class-balanced run is labelled `'CB ' + label`. */
  readonly label: string;
  /** One line for `--help` and the docs. */
  readonly summary: string;
  /** Where the method comes from (authors, year, arXiv id). */
  readonly reference: string;
  /** The method's own hyper-parameters (not β, which every method that takes class weights shares). */
  readonly parameters: readonly MethodParameter[];
  /** The reduction of the official implementation, applied to the weighted per-example losses. */
  readonly reduction: Exclude<Reduction, 'none'>;
  /** Initial bias of the final layer (and whether it is kept out of weight decay: `'prior'` is). */
  readonly finalBias: FinalBias;
  /** The last layer of the official implementation; default (absent) `'linear'`. */
  readonly classifier?: Classifier;
  /**
   * What the method takes from the class counts: `'weights'` — only class weights derived from them (β); `'counts'` —
   * the counts themselves too (e.g. LDAM's margins, logit adjustment's priors), and class weights on top. A
   * `'counts'` method needs every class to have samples (its margin or log-prior would be infinite): `createLoss`
   * rejects a zero count whatever `zeroCount` says.
   */
  readonly classInputs: 'weights' | 'counts';
  /** The per-example loss: labels [B, C] or [B] / [B, 1] ids, logits [B, C] → reduced with `options.reduction`. */
  readonly loss: (labels: tf.Tensor, logits: tf.Tensor, options: MethodLossOptions) => tf.Tensor;
}
