import { createLoss, LOSS_METHODS, resolveMethod, type LossMethod, type MethodLoss, type MethodName, type MethodParameter } from 'class-balanced-loss';

// The page's one adapter to the library's losses: the methods it offers are the library's registry
// (`LOSS_METHODS`), and every loss is made by the library's `createLoss`. Nothing else in the page knows a
// method by name: the menu, the parameter fields, the final bias and the labels all come from the registry.

/** The methods the page offers: the library's registry, in its order. */
export const METHODS: readonly LossMethod[] = LOSS_METHODS;

/** What a run's loss is made of, besides the method. */
export interface MethodSettings {
  /** Training samples per class: the counts the class-balanced weights are computed from. */
  readonly samplesPerClass: readonly number[];
  /** Class-balanced β in [0, 1): 0 = unweighted (the plain method), > 0 = its class-balanced version. */
  readonly beta: number;
  /** The method's own parameters by name (e.g. `gamma`); missing ones take the registry's default. */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Deferred re-weighting: the epoch (0-based) from which the weights apply; default from the start. */
  readonly drwEpoch?: number;
}

/**
 * The method named `name` in the library's registry (an unknown name throws `CbLossError('unknown-name')`
 * with the nearest valid name).
 *
 * @example
 * methodByName('focal').parameters.map((p) => p.name); // ['gamma']
 */
export function methodByName(name: string): LossMethod & { readonly name: MethodName } {
  return resolveMethod(name, { caller: 'methodByName', argument: 'name' });
}

/**
 * The loss of a run: the library's `createLoss(name, { samplesPerClass, beta, drwEpoch, ...parameters })`,
 * which validates the parameters against the registry and computes the class weights once.
 *
 * @example
 * createMethodLoss('softmax', { samplesPerClass: [50, 5], beta: 0.9 }).classWeights; // [0.198…, 1.801…]
 * createMethodLoss('softmax', { samplesPerClass: [50, 5], beta: 0 }).classWeights;   // [1, 1]
 */
export function createMethodLoss(name: string, settings: MethodSettings): MethodLoss {
  const method = methodByName(name);
  return createLoss(method.name, {
    samplesPerClass: settings.samplesPerClass,
    beta: settings.beta,
    ...(settings.drwEpoch === undefined ? {} : { drwEpoch: settings.drwEpoch }),
    ...settings.parameters,
  });
}

/** How a parameter is written in labels and fields: the registry's symbol (`γ`), else its name. */
export function parameterSymbol(parameter: MethodParameter): string {
  return parameter.symbol ?? parameter.name;
}

/**
 * A method's label for tables and legends, `'CB ' + label` for its class-balanced version (β > 0), as the
 * registry says to label them.
 *
 * @example
 * methodLabel('focal', 0.999); // 'CB focal'
 * methodLabel('softmax', 0);   // 'softmax'
 */
export function methodLabel(name: string, beta: number): string {
  const { label } = methodByName(name);
  return beta > 0 ? `CB ${label}` : label;
}
