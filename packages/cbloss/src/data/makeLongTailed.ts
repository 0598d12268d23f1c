import type { DataSplit } from '../types.js';
import { checkSplit } from './checkSplit.js';
import { longTailedIndices, type LongTailedIndexOptions } from './longTailedIndices.js';
import { subsetSplit } from './subsetSplit.js';

/** Options of {@link makeLongTailed}: those of {@link longTailedIndices} plus the sample size. */
export interface LongTailedOptions extends LongTailedIndexOptions {
  /** Values per sample (e.g. `H·W·C`, or `F`), to slice `x`. */
  readonly sampleSize: number;
}

/**
 * Builds a long-tailed training split as in Cui et al. (arXiv:1901.05555, section 5.1): class `i` keeps
 * `n_i = floor(n_max · (1/IF)^(i/(C−1)))` samples (exponential profile; `'step'` gives n_max to the majority
 * classes and floor(n_max/IF) to the others), computed by `longTailCounts` of class-balanced-loss.
 * The head is class 0, the tail class C−1. Apply it to the training split only; the test set stays balanced.
 *
 * - `n_max` = `maxCount` if given, else the smallest per-class count of `split` — never more than every class
 *   has, so the profile always fits; for a balanced dataset it is the per-class count (5000 for CIFAR-10,
 *   6000 for Fashion-MNIST). A class with fewer samples than its `n_i` is an `invalid-argument` error.
 * - Each class keeps a seeded uniformly random subset of its samples (class `c` draws from its own stream
 *   forked from `seed`, so it does not depend on the other classes); `indices` lists the kept samples in
 *   their original order, and the returned split follows that order.
 * - `imbalanceFactor` 1 without `maxCount` keeps every sample (even of an unbalanced split).
 *
 * @returns the long-tailed `split`, the kept `indices` into the input, and `samplesPerClass` (the `n_i`).
 *
 * @example
 * // CIFAR-10 training labels (5000 per class), IF = 100:
 * const lt = makeLongTailed(cifar.train, 10, { imbalanceFactor: 100, seed: 1, sampleSize: 32 * 32 * 3 });
 * lt.samplesPerClass; // [5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50]
 * lt.split.count;     // 12406
 */
export function makeLongTailed(
  split: DataSplit,
  numClasses: number,
  options: LongTailedOptions,
): { split: DataSplit; indices: Int32Array; samplesPerClass: number[] } {
  checkSplit('makeLongTailed', split, options.sampleSize, numClasses);
  const { indices, samplesPerClass } = longTailedIndices(split.labels, numClasses, options, 'makeLongTailed');
  if (options.imbalanceFactor === 1 && options.maxCount === undefined) return { split, indices, samplesPerClass };
  return { split: subsetSplit(split, indices, options.sampleSize), indices, samplesPerClass };
}
