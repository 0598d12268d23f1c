import { classBalancedWeights, type ClassBalancedWeightsOptions } from '../core/classBalancedWeights.js';

/**
 * Class-balanced weights in the `{ [classIndex]: weight }` form of tfjs-layers `model.fit({ classWeight })`,
 * for models compiled with a standard loss (e.g. `'categoricalCrossentropy'`). Same weights as
 * `classBalancedWeights` (∝ 1/E_{n_c}, sum C). Note that Layers then averages over the batch size, not over
 * the number of non-zero weights.
 *
 * @example
 * classBalancedClassWeight([100, 10], 0.9); // { '0': 0.7888615425968194, '1': 1.2111384574031807 }
 * await model.fit(xs, ys, { classWeight: classBalancedClassWeight(counts, 0.999) });
 */
export function classBalancedClassWeight(
  samplesPerClass: ArrayLike<number>,
  beta: number,
  options: ClassBalancedWeightsOptions = {},
): Record<number, number> {
  const weights = classBalancedWeights(samplesPerClass, beta, options);
  return Object.fromEntries(weights.map((w, c) => [c, w]));
}
