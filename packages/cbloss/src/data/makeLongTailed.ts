import { CbLossError, longTailCounts } from 'class-balanced-loss';
import type { DataSplit } from '../types.js';
import { createRng } from '../util/rng.js';
import { checkSplit } from './checkSplit.js';
import { countPerClass } from './countPerClass.js';
import { subsetSplit } from './subsetSplit.js';

/** Options of {@link makeLongTailed}. */
export interface LongTailedOptions {
  /** IF = n_0 / n_{C−1} ≥ 1; 1 keeps the split as it is (when `maxCount` is not given). */
  readonly imbalanceFactor: number;
  /** `'exponential'` (default) or `'step'`, as in `longTailCounts` of class-balanced-loss. */
  readonly profile?: 'exponential' | 'step';
  /** Step profile only: fraction of minority classes, default 0.5. */
  readonly minorityFraction?: number;
  /** Seed of the per-class random subsets. */
  readonly seed: number;
  /** n_max, the count of class 0. Default: the smallest per-class count available (see below). */
  readonly maxCount?: number;
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
  const fn = 'makeLongTailed';
  const { imbalanceFactor, profile, minorityFraction, seed, maxCount, sampleSize } = options;
  checkSplit(fn, split, sampleSize, numClasses);
  if (!Number.isInteger(seed)) throw new CbLossError('invalid-argument', `${fn}: 'seed' must be an integer; got ${seed}.`);
  const available = countPerClass(split.labels, numClasses);
  if (imbalanceFactor === 1 && maxCount === undefined) {
    return { split, indices: Int32Array.from({ length: split.count }, (_, i) => i), samplesPerClass: available };
  }
  const empty = available.indexOf(0);
  if (maxCount === undefined && empty >= 0) {
    throw new CbLossError('invalid-argument', `${fn}: every class must have at least one sample; got 0 for class ${empty}.`);
  }
  const nMax = maxCount ?? Math.min(...available);
  const wanted = longTailCounts({ maxCount: nMax, numClasses, imbalanceFactor, profile, minorityFraction });
  wanted.forEach((n, c) => {
    const have = available[c] ?? 0;
    if (have < n) {
      throw new CbLossError(
        'invalid-argument',
        `${fn}: class ${c} must have at least ${n} samples for maxCount ${nMax} and imbalanceFactor ${imbalanceFactor}; got ${have}.`,
      );
    }
  });
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  split.labels.forEach((label, i) => byClass[label]?.push(i));
  const rng = createRng(seed);
  const keep = new Uint8Array(split.count);
  byClass.forEach((indices, c) => {
    const n = wanted[c] ?? 0;
    const stream = rng.fork(`long-tail/class-${c}`);
    // Partial Fisher–Yates: the first n positions become a uniform random n-subset.
    for (let k = 0; k < n; k++) {
      const j = k + stream.int(indices.length - k);
      const chosen = indices[j] as number;
      indices[j] = indices[k] as number;
      indices[k] = chosen;
      keep[chosen] = 1;
    }
  });
  const indices = new Int32Array(wanted.reduce((a, b) => a + b, 0));
  let k = 0;
  for (let i = 0; i < split.count; i++) if (keep[i] === 1) indices[k++] = i;
  return { split: subsetSplit(split, indices, sampleSize), indices, samplesPerClass: wanted };
}
