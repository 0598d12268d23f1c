import { classBalancedLoss, nearestName, CbLossError, type ClassBalancedLoss, type LossType } from 'class-balanced-loss';

// The page's ONE adapter to the library's losses: the list of methods the page offers and how it creates a
// loss. It mirrors the shape of the library's coming method registry (`LOSS_METHODS`, `createLoss`), so that
// switching to it changes this file only.

/** A tunable parameter of a method, with the range of its control on the page. */
export interface MethodParameter {
  readonly name: 'beta' | 'gamma';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly help: string;
}

/** A training method the page offers: a loss of `class-balanced-loss` with its parameters. */
export interface Method {
  readonly name: string;
  readonly label: string;
  readonly parameters: readonly MethodParameter[];
  /** Initial bias of the logits layer: 0, or the prior −log(C−1) of the sigmoid and focal losses. */
  readonly finalBias: 'zero' | 'prior';
  /** The library's loss type; β is 0 (unweighted) unless the method has a β parameter. */
  readonly type: LossType;
}

const BETA: MethodParameter = {
  name: 'beta',
  default: 0.9999,
  min: 0,
  max: 0.99999,
  help: 'β of the effective number Eₙ = (1 − βⁿ)/(1 − β): 0 = no re-weighting, → 1 = inverse class frequency',
};
const GAMMA: MethodParameter = { name: 'gamma', default: 2, min: 0, max: 5, help: 'focusing parameter γ of the focal loss (0 = sigmoid cross-entropy)' };

/** The methods of the page, in menu order: the six losses of the paper's experiments (arXiv:1901.05555). */
export const METHODS = [
  { name: 'softmax', label: 'softmax cross-entropy', parameters: [], finalBias: 'zero', type: 'softmax' },
  { name: 'cb-softmax', label: 'class-balanced softmax', parameters: [BETA], finalBias: 'zero', type: 'softmax' },
  { name: 'sigmoid', label: 'sigmoid cross-entropy', parameters: [], finalBias: 'prior', type: 'sigmoid' },
  { name: 'cb-sigmoid', label: 'class-balanced sigmoid', parameters: [BETA], finalBias: 'prior', type: 'sigmoid' },
  { name: 'focal', label: 'focal loss', parameters: [GAMMA], finalBias: 'prior', type: 'focal' },
  { name: 'cb-focal', label: 'class-balanced focal', parameters: [BETA, GAMMA], finalBias: 'prior', type: 'focal' },
] as const satisfies readonly Method[];

/** A method's name. */
export type MethodName = (typeof METHODS)[number]['name'];

/** Values of a method's parameters; missing ones take their default. */
export interface MethodSettings {
  readonly samplesPerClass: readonly number[];
  readonly beta?: number;
  readonly gamma?: number;
}

/**
 * The method named `name` (case-sensitive). Unknown names throw `CbLossError('unknown-name')` listing the
 * valid ones and suggesting the nearest.
 *
 * @example
 * methodByName('cb-focal').parameters.map((p) => p.name); // ['beta', 'gamma']
 */
export function methodByName(name: string): Method {
  const method = METHODS.find((m) => m.name === name);
  if (method !== undefined) return method;
  const nearest = nearestName(name, METHODS.map((m) => m.name));
  throw new CbLossError(
    'unknown-name',
    `methodByName: 'name' must be one of ${METHODS.map((m) => `'${m.name}'`).join(', ')}; got '${name}'${nearest === undefined ? '' : ` (did you mean '${nearest}'?)`}.`,
  );
}

/**
 * The loss of a method for the training counts: `classBalancedLoss` with β = the method's β (0, i.e. no
 * re-weighting, for the methods without one) and, for focal methods, γ. Weights are computed once here.
 *
 * @example
 * createMethodLoss('cb-softmax', { samplesPerClass: [50, 5], beta: 0.9 }).weights; // [0.198…, 1.801…]
 * createMethodLoss('softmax', { samplesPerClass: [50, 5], beta: 0.9 }).weights;    // [1, 1] (β ignored)
 */
export function createMethodLoss(name: string, settings: MethodSettings): ClassBalancedLoss {
  const method = methodByName(name);
  const value = (parameter: 'beta' | 'gamma', fallback: number): number => {
    const spec = method.parameters.find((p) => p.name === parameter);
    return spec === undefined ? fallback : (settings[parameter] ?? spec.default);
  };
  return classBalancedLoss({
    samplesPerClass: settings.samplesPerClass,
    type: method.type,
    beta: value('beta', 0),
    gamma: method.type === 'focal' ? value('gamma', 2) : undefined,
  });
}
