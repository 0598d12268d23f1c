import * as tf from '@tensorflow/tfjs-core';
import { CbLossError } from '../core/CbLossError.js';
import { classBalancedWeights, type ZeroCountPolicy } from '../core/classBalancedWeights.js';
import { nearestName } from '../core/nearestName.js';
import { assertInteger, assertPositiveCounts, formatValue, invalidArgument } from '../core/validate.js';
import { resolveMethod } from './resolveMethod.js';
import type { MethodName } from './lossMethods.js';
import { parameterAccepts, parameterRule } from './MethodParameter.js';

/** Options of {@link createLoss}: the class counts, β, deferred re-weighting and the method's own parameters. */
export interface CreateLossOptions {
  /** Training samples per class n_c (non-negative integers), length C. */
  readonly samplesPerClass: ArrayLike<number>;
  /** Class-balanced β in [0, 1]: weights w_c ∝ 1/E_{n_c}, summing to C. Default 0 (all weights 1: unweighted). */
  readonly beta?: number | undefined;
  /** Zero-count policy of `classBalancedWeights`, default `'error'`. */
  readonly zeroCount?: ZeroCountPolicy | undefined;
  /**
   * Deferred re-weighting (DRW, Cao et al., arXiv:1906.07413): the number of epochs trained unweighted before
   * the class-balanced weights of β switch on (the paper: 160 of 200). Needs `setEpoch` (or
   * `deferredReweightingCallback` with `model.fit`). Default: weighted from the start.
   */
  readonly drwEpoch?: number | undefined;
  /** The method's own parameters by name (e.g. `gamma` for `'focal'`); see `resolveMethod(name).parameters`. */
  readonly [parameter: string]: unknown;
}

/** The loss function returned by {@link createLoss}, with its configuration attached. */
export interface MethodLoss {
  /** The reduced loss of a batch: labels [B, C] one-hot or [B] / [B, 1] ids, logits [B, C] → scalar. */
  (labels: tf.Tensor, logits: tf.Tensor): tf.Scalar;
  readonly method: MethodName;
  readonly beta: number;
  /** Every parameter of the method, defaults included. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The class-balanced weights of β (float64, sum C; all 1 at β = 0), computed once. */
  readonly classWeights: readonly number[];
  /** The weights in force now: {@link classWeights}, or all 1 before the DRW epoch. */
  readonly weights: readonly number[];
  readonly drwEpoch: number | undefined;
  /** Tells the loss which epoch (0-based) is starting; only deferred re-weighting depends on it. */
  setEpoch(epoch: number): void;
}

const COMMON_OPTIONS = ['samplesPerClass', 'beta', 'zeroCount', 'drwEpoch'] as const;

/**
 * Creates the loss of a registered method (`LOSS_METHODS`): validates its parameters against the registry,
 * computes the class-balanced weights once (float64) and returns `(labels, logits) => scalar`, usable as
 * `model.compile({ loss })`. The model's last layer must output logits; initialise its bias as
 * `resolveMethod(name).finalBias` says (`priorBiasInitializer(C)` for `'prior'`).
 *
 * The loss is the method's per-example loss, multiplied by the example weight w_{y_b} of the true class and reduced
 * with the method's official reduction (see the registry).
 *
 * @throws CbLossError: unknown method (with the nearest name), unknown option (with the nearest), a parameter out of
 *   its range, bad counts or β, a zero count for a method that reads the counts (`classInputs: 'counts'`); at call time, logits whose class count differs from `samplesPerClass.length`.
 * @example
 * const loss = createLoss('focal', { samplesPerClass: [5000, 500, 50], beta: 0.999, gamma: 1 });
 * loss.classWeights; // [0.12562886279516525, 0.3170168249737596, 2.557354312231075]
 * loss(tf.tensor1d([2], 'int32'), tf.tensor2d([[0, 0, 0]])).print(); // Tensor 2.6589344
 * const drw = createLoss('softmax', { samplesPerClass: [5000, 50], beta: 0.9999, drwEpoch: 160 });
 * drw.weights; // [1, 1] until drw.setEpoch(160)
 */
export function createLoss(name: MethodName, options: CreateLossOptions): MethodLoss {
  return createLossFor('createLoss', name, options);
}

/** {@link createLoss} whose messages name `fn`, the function the user called (e.g. `classBalancedLoss`). */
export function createLossFor(fn: string, name: MethodName, options: CreateLossOptions, argument = 'name'): MethodLoss {
  const method = resolveMethod(name, { caller: fn, argument });
  if (options === null || typeof options !== 'object') throw invalidArgument(fn, 'options', 'be an object', options);
  const known = [...COMMON_OPTIONS, ...method.parameters.map((p) => p.name)];
  for (const key of Object.keys(options)) {
    if (known.includes(key) || options[key] === undefined) continue;
    const nearest = nearestName(key, known);
    throw new CbLossError(
      'unknown-name',
      `${fn}: option '${key}' is not an option of '${name}' (${known.join(', ')}); got ${formatValue(key)}${nearest === undefined ? '' : ` (did you mean '${nearest}'?)`}.`,
    );
  }
  const parameters: Record<string, number> = {};
  for (const parameter of method.parameters) {
    const value = options[parameter.name] ?? parameter.default;
    if (!parameterAccepts(parameter, value)) throw invalidArgument(fn, parameter.name, parameterRule(parameter), value);
    parameters[parameter.name] = value;
  }
  const beta = options.beta ?? 0;
  // checked before the weights, whose zero-count message would suggest zeroCount: 'zero-weight'
  if (method.classInputs === 'counts') assertPositiveCounts(fn, options.samplesPerClass, `'${name}' reads the counts themselves: every class needs samples`);
  const classWeights = Object.freeze(classBalancedWeights(options.samplesPerClass, beta, { zeroCount: options.zeroCount ?? 'error' }));
  const samplesPerClass = Object.freeze(Array.from(options.samplesPerClass));
  const numClasses = classWeights.length;
  const drwEpoch = options.drwEpoch;
  if (drwEpoch !== undefined) assertInteger(fn, 'drwEpoch', drwEpoch, 0);
  const unweighted = Object.freeze(new Array<number>(numClasses).fill(1));
  let weighted = drwEpoch === undefined || drwEpoch === 0;

  const loss = (labels: tf.Tensor, logits: tf.Tensor): tf.Scalar => {
    if (logits instanceof tf.Tensor && logits.rank === 2 && logits.shape[1] !== numClasses) {
      throw new CbLossError(
        'shape-mismatch',
        `${fn}: 'logits' must have ${numClasses} classes (the length of 'samplesPerClass'); got shape ${formatValue(logits.shape)}.`,
      );
    }
    return method.loss(labels, logits, {
      samplesPerClass,
      parameters,
      classWeights: weighted ? classWeights : undefined,
      reduction: method.reduction,
    }) as tf.Scalar;
  };
  return Object.defineProperties(loss, {
    method: { value: method.name, enumerable: true },
    beta: { value: beta, enumerable: true },
    parameters: { value: Object.freeze(parameters), enumerable: true },
    classWeights: { value: classWeights, enumerable: true },
    weights: { get: () => (weighted ? classWeights : unweighted), enumerable: true },
    drwEpoch: { value: drwEpoch, enumerable: true },
    setEpoch: {
      value: (epoch: number): void => {
        assertInteger(`${fn}: setEpoch`, 'epoch', epoch, 0);
        weighted = drwEpoch === undefined || epoch >= drwEpoch;
      },
    },
  }) as MethodLoss;
}
