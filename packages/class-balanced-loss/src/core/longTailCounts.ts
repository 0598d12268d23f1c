import { assertAtLeast, assertInRange, assertInteger, assertOneOf } from './validate.js';

/** Shape of a long-tailed class distribution (Cui et al., arXiv:1901.05555, section 5.1). */
export type LongTailProfile = 'exponential' | 'step';

/** All valid {@link LongTailProfile} values, e.g. for a CLI's choices. */
export const LONG_TAIL_PROFILES = ['exponential', 'step'] as const satisfies readonly LongTailProfile[];

/** Options of {@link longTailCounts}. */
export interface LongTailCountsOptions {
  /** Samples of the largest (first) class, an integer ≥ 1. */
  readonly maxCount: number;
  /** Number of classes C, an integer ≥ 1. */
  readonly numClasses: number;
  /** Imbalance factor IF = largest / smallest class, ≥ 1 (1 = balanced). */
  readonly imbalanceFactor: number;
  /** `'exponential'` (default) or `'step'`. */
  readonly profile?: LongTailProfile;
  /** Step profile only: fraction of minority classes in [0, 1], default 0.5. */
  readonly minorityFraction?: number;
}

/**
 * Per-class training counts of a long-tailed dataset, as in the paper's long-tailed CIFAR.
 *
 * - exponential: n_i = floor(maxCount · (1/IF)^(i/(C-1))), i = 0..C-1 (n_0 = maxCount, n_{C-1} = maxCount/IF);
 * - step: the first round((1 - minorityFraction)·C) classes get maxCount, the rest floor(maxCount/IF).
 *
 * Counts never drop below 1 (a class always keeps one sample). Class 0 is the head, class C-1 the tail.
 *
 * @returns C non-increasing integer counts.
 * @throws CbLossError('invalid-argument') for a non-integer/negative maxCount or numClasses, IF < 1 or
 *   non-finite, minorityFraction outside [0, 1], or an unknown profile ('unknown-name').
 * @example
 * longTailCounts({ maxCount: 5000, numClasses: 10, imbalanceFactor: 100 });
 * // [5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50]
 * longTailCounts({ maxCount: 100, numClasses: 4, imbalanceFactor: 10, profile: 'step' });
 * // [100, 100, 10, 10]
 */
export function longTailCounts(options: LongTailCountsOptions): number[] {
  const fn = 'longTailCounts';
  const { maxCount, numClasses, imbalanceFactor } = options;
  const profile = options.profile ?? 'exponential';
  const minorityFraction = options.minorityFraction ?? 0.5;
  assertInteger(fn, 'maxCount', maxCount, 1);
  assertInteger(fn, 'numClasses', numClasses, 1);
  assertAtLeast(fn, 'imbalanceFactor', imbalanceFactor, 1);
  assertOneOf(fn, 'profile', profile, LONG_TAIL_PROFILES);
  assertInRange(fn, 'minorityFraction', minorityFraction, 0, 1);
  if (profile === 'step') {
    const numMajority = Math.round((1 - minorityFraction) * numClasses);
    const minority = Math.max(1, Math.floor(maxCount / imbalanceFactor));
    return Array.from({ length: numClasses }, (_, i) => (i < numMajority ? maxCount : minority));
  }
  if (numClasses === 1) return [maxCount];
  return Array.from({ length: numClasses }, (_, i) =>
    Math.max(1, Math.floor(maxCount * Math.pow(1 / imbalanceFactor, i / (numClasses - 1)))),
  );
}
