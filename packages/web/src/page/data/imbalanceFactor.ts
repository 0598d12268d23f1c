import { assertIntegerCounts } from 'class-balanced-loss';

/**
 * Imbalance factor of a training set: samples of the largest class over samples of the smallest,
 * max_c n_c / min_c n_c, over the classes that have samples (the paper's definition; 1 = balanced).
 *
 * @example
 * imbalanceFactor([5000, 500, 50]); // 100
 */
export function imbalanceFactor(samplesPerClass: readonly number[]): number {
  assertIntegerCounts('imbalanceFactor', 'samplesPerClass', samplesPerClass);
  const present = samplesPerClass.filter((n) => n > 0);
  return present.length === 0 ? 1 : Math.max(...present) / Math.min(...present);
}
