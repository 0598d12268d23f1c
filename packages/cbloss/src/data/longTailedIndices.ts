import { longTailCounts } from 'class-balanced-loss';
import { createRng } from '../util/rng.js';
import { countPerClass } from './countPerClass.js';
import { CblossError } from '../CblossError.js';

/** Options of {@link longTailedIndices} (and of `makeLongTailed`, which adds the sample size). */
export interface LongTailedIndexOptions {
  /** IF = n_0 / n_{C−1} ≥ 1; 1 keeps every sample (when `maxCount` is not given). */
  readonly imbalanceFactor: number;
  /** `'exponential'` (default) or `'step'`, as in `longTailCounts` of class-balanced-loss. */
  readonly profile?: 'exponential' | 'step';
  /** Step profile only: fraction of minority classes, default 0.5. */
  readonly minorityFraction?: number;
  /** Seed of the per-class random subsets. */
  readonly seed: number;
  /** n_max, the count of class 0. Default: the smallest per-class count available. */
  readonly maxCount?: number;
}

/**
 * The sample selection of a long-tailed subset (Cui et al., arXiv:1901.05555, section 5.1), from the labels
 * alone, so it serves in-memory splits (`makeLongTailed`) and streamed file indexes alike: class `i` keeps
 * `n_i = floor(n_max · (1/IF)^(i/(C−1)))` samples (`longTailCounts` of class-balanced-loss), a seeded uniform
 * random subset of its samples (class `c` draws from its own stream forked from `seed`).
 *
 * - `n_max` = `maxCount` if given, else the smallest per-class count; a class with fewer samples than its
 *   `n_i` is an `invalid-argument` error, and so is an empty class when `maxCount` is not given.
 * - `imbalanceFactor` 1 without `maxCount` keeps every sample.
 *
 * @param fn the name of the function the user called, for error messages.
 * @returns `indices` of the kept samples in their original (ascending) order and `samplesPerClass` (the `n_i`).
 *
 * @example
 * const labels = Int32Array.from({ length: 50000 }, (_, i) => i % 10); // balanced CIFAR-10
 * longTailedIndices(labels, 10, { imbalanceFactor: 100, seed: 1 }).samplesPerClass;
 * // [5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50]
 */
export function longTailedIndices(
  labels: Int32Array,
  numClasses: number,
  options: LongTailedIndexOptions,
  fn = 'longTailedIndices',
): { indices: Int32Array; samplesPerClass: number[] } {
  const { imbalanceFactor, profile, minorityFraction, seed, maxCount } = options;
  if (!Number.isInteger(seed)) throw new CblossError('invalid-argument', `${fn}: 'seed' must be an integer; got ${seed}.`);
  const available = countPerClass(labels, numClasses);
  if (imbalanceFactor === 1 && maxCount === undefined) {
    return { indices: Int32Array.from({ length: labels.length }, (_, i) => i), samplesPerClass: available };
  }
  const empty = available.indexOf(0);
  if (maxCount === undefined && empty >= 0) {
    throw new CblossError('invalid-argument', `${fn}: every class must have at least one sample; got 0 for class ${empty}.`);
  }
  const nMax = maxCount ?? Math.min(...available);
  const wanted = longTailCounts({ maxCount: nMax, numClasses, imbalanceFactor, profile, minorityFraction });
  wanted.forEach((n, c) => {
    const have = available[c] ?? 0;
    if (have < n) {
      throw new CblossError(
        'invalid-argument',
        `${fn}: class ${c} must have at least ${n} samples for maxCount ${nMax} and imbalanceFactor ${imbalanceFactor}; got ${have}.`,
      );
    }
  });
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => byClass[label]?.push(i));
  const rng = createRng(seed);
  const keep = new Uint8Array(labels.length);
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
  for (let i = 0; i < labels.length; i++) if (keep[i] === 1) indices[k++] = i;
  return { indices, samplesPerClass: wanted };
}
