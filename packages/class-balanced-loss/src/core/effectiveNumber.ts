import { assertInRange, assertIntegerCounts, assertAtLeast } from './validate.js';

/**
 * Effective number of samples of a class with `n` samples (Cui et al., arXiv:1901.05555, eq. 3):
 *
 *   E_n = (1 - β^n) / (1 - β),   with the limit E_n = n at β = 1.
 *
 * Computed as `-expm1(n·log1p(β-1)) / (1-β)` so it stays accurate (within ~1e-12 relative) when β is
 * within 1e-12 of 1, where `1 - Math.pow(β, n)` would lose all its digits.
 * β = 0 gives 1 for every n ≥ 1 (no re-weighting); n = 0 gives 0.
 *
 * @param n - number of samples, a finite number ≥ 0 (usually an integer).
 * @param beta - β in [0, 1].
 * @throws CbLossError('invalid-argument') for β outside [0, 1] or NaN, or n negative / non-finite.
 * @example
 * effectiveNumber(100, 0.99); // 63.39676587267703
 * effectiveNumber(100, 1);    // 100
 */
export function effectiveNumber(n: number, beta: number): number {
  assertAtLeast('effectiveNumber', 'n', n, 0);
  assertInRange('effectiveNumber', 'beta', beta, 0, 1);
  return effectiveNumberUnchecked(n, beta);
}

/** `effectiveNumber` without argument checks, for callers that validated already. */
export function effectiveNumberUnchecked(n: number, beta: number): number {
  if (beta === 1) return n;
  if (n === 0) return 0;
  if (beta === 0) return 1;
  // 1 - β^n rewritten as -expm1(n·log1p(β-1)): no cancellation when β → 1
  return -Math.expm1(n * Math.log1p(beta - 1)) / (1 - beta);
}

/**
 * Effective numbers E_{n_i} = (1 - β^{n_i}) / (1 - β) for every class (see {@link effectiveNumber}).
 *
 * @param samplesPerClass - training counts n_i, non-negative integers, length C ≥ 1.
 * @param beta - β in [0, 1].
 * @returns C effective numbers (float64).
 * @example
 * effectiveNumbers([100, 10], 0.9); // [9.999734386011127, 6.513215599000001]
 */
export function effectiveNumbers(samplesPerClass: ArrayLike<number>, beta: number): number[] {
  assertIntegerCounts('effectiveNumbers', 'samplesPerClass', samplesPerClass);
  assertInRange('effectiveNumbers', 'beta', beta, 0, 1);
  return Array.from(samplesPerClass, (n) => effectiveNumberUnchecked(n, beta));
}
