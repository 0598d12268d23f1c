import { assertAtLeast, assertIntegerCounts, assertSameLength, invalidArgument } from './validate.js';

/**
 * Accuracy (percent) averaged over the classes of each frequency group, as long-tail papers report
 * ("many-shot", "medium-shot", "few-shot"). A group's value is the mean of its classes' accuracies
 * (classes with a `null` accuracy are skipped), `null` when the group has no class with an accuracy.
 */
export interface ShotAccuracy {
  /** Mean accuracy of the classes with more than `manyAbove` training samples. */
  many: number | null;
  /** Mean accuracy of the classes with `fewBelow` ≤ count ≤ `manyAbove`. */
  medium: number | null;
  /** Mean accuracy of the classes with fewer than `fewBelow` training samples. */
  few: number | null;
  /** Threshold used: many-shot means count > manyAbove. */
  manyAbove: number;
  /** Threshold used: few-shot means count < fewBelow. */
  fewBelow: number;
}

/**
 * Many/few-shot thresholds for a training distribution.
 *
 * Long-tail papers use many > 100 and few < 20 training samples. On small datasets (largest class
 * below 1000 samples) every class would be "few", so the thresholds are scaled with the largest class:
 *
 *   manyAbove = 100 · min(1, maxCount/1000),   fewBelow = 20 · min(1, maxCount/1000)
 *
 * i.e. many > 10% and few < 2% of the largest class, the paper's ratios at 1000 samples.
 *
 * @param samplesPerClass - training counts (non-negative integers, non-empty).
 * @example
 * shotThresholds([5000, 50]); // { manyAbove: 100, fewBelow: 20 }
 * shotThresholds([500, 5]);   // { manyAbove: 50, fewBelow: 10 }
 */
export function shotThresholds(samplesPerClass: ArrayLike<number>): { manyAbove: number; fewBelow: number } {
  assertIntegerCounts('shotThresholds', 'samplesPerClass', samplesPerClass);
  const maxCount = Math.max(...Array.from(samplesPerClass));
  const scale = Math.min(1, maxCount / 1000);
  return { manyAbove: 100 * scale, fewBelow: 20 * scale };
}

/**
 * Groups classes by their training count and averages their accuracies (see {@link ShotAccuracy}).
 *
 * @param perClassAccuracy - C accuracies in percent (or null), e.g. from `perClassAccuracy`.
 * @param samplesPerClass - C training counts.
 * @param thresholds - `{ manyAbove, fewBelow }`, default {@link shotThresholds}(samplesPerClass);
 *   fewBelow must not exceed manyAbove.
 * @example
 * shotAccuracy([90, 70, 40, null], [5000, 500, 10, 5]);
 * // { many: 80, medium: null, few: 40, manyAbove: 100, fewBelow: 20 }
 */
export function shotAccuracy(
  perClassAccuracy: readonly (number | null)[],
  samplesPerClass: ArrayLike<number>,
  thresholds?: { manyAbove?: number; fewBelow?: number },
): ShotAccuracy {
  const fn = 'shotAccuracy';
  assertIntegerCounts(fn, 'samplesPerClass', samplesPerClass);
  assertSameLength(fn, 'perClassAccuracy', perClassAccuracy.length, 'samplesPerClass', samplesPerClass.length);
  const defaults = shotThresholds(samplesPerClass);
  const manyAbove = thresholds?.manyAbove ?? defaults.manyAbove;
  const fewBelow = thresholds?.fewBelow ?? defaults.fewBelow;
  assertAtLeast(fn, 'thresholds.manyAbove', manyAbove, 0);
  assertAtLeast(fn, 'thresholds.fewBelow', fewBelow, 0);
  if (fewBelow > manyAbove) throw invalidArgument(fn, 'thresholds.fewBelow', `be <= manyAbove (${manyAbove})`, fewBelow);
  const groups = { many: [] as number[], medium: [] as number[], few: [] as number[] };
  perClassAccuracy.forEach((accuracy, c) => {
    if (accuracy === null) return;
    const n = samplesPerClass[c] as number;
    const group = n > manyAbove ? groups.many : n < fewBelow ? groups.few : groups.medium;
    group.push(accuracy);
  });
  return { many: mean(groups.many), medium: mean(groups.medium), few: mean(groups.few), manyAbove, fewBelow };
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
