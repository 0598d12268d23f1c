import { assertAtLeast, assertPositiveCounts } from './validate.js';

/** LDAM's default largest margin (Cao et al., arXiv:1906.07413, and its official code's `max_m`). */
export const DEFAULT_MAX_MARGIN = 0.5;

/**
 * The label-distribution-aware margins of LDAM (Cao et al., NeurIPS 2019, arXiv:1906.07413, eq. 12):
 * Δ_j = K / n_j^{1/4}, with K chosen so that the largest margin (the rarest class's) is `maxMargin`:
 *
 *   Δ_j = maxMargin · (n_min / n_j)^{1/4}
 *
 * the official code's `m = 1/sqrt(sqrt(n)); m *= max_m / max(m)` written without the two roundings of 1/√√n.
 * Rarer classes get larger margins; a class with 16 times the samples of the rarest gets half its margin. Float64.
 *
 * A class without training samples would have an infinite margin: zero counts are rejected.
 *
 * @param samplesPerClass - training counts n_j (positive integers), length C ≥ 1.
 * @param maxMargin - the largest margin, a finite number ≥ 0 (default 0.5); 0 gives no margin at all.
 * @returns C margins in [0, maxMargin], the largest equal to maxMargin.
 * @throws CbLossError('invalid-argument') for a zero, negative or fractional count, or a bad maxMargin.
 * @example
 * ldamMargins([5000, 500, 50]); // [0.15811388300841897, 0.28117066259517454, 0.5]
 */
export function ldamMargins(samplesPerClass: ArrayLike<number>, maxMargin: number = DEFAULT_MAX_MARGIN): number[] {
  return ldamMarginsFor('ldamMargins', samplesPerClass, maxMargin);
}

/** {@link ldamMargins} whose messages name `fn`, the function the user called (e.g. `ldamLoss`). */
export function ldamMarginsFor(fn: string, samplesPerClass: ArrayLike<number>, maxMargin: number): number[] {
  assertPositiveCounts(fn, samplesPerClass, "LDAM's margin n^(-1/4) is infinite for a class without samples");
  assertAtLeast(fn, 'maxMargin', maxMargin, 0);
  const counts = Array.from(samplesPerClass);
  const smallest = counts.reduce((a, b) => Math.min(a, b));
  // K / n_j^{1/4} with K = maxMargin · n_min^{1/4}: one power of a ratio in (0, 1]
  return counts.map((n) => maxMargin * Math.pow(smallest / n, 0.25));
}
