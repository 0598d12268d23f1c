import { effectiveNumberUnchecked } from './effectiveNumber.js';
import { assertInRange, assertIntegerCounts, assertOneOf, invalidArgument } from './validate.js';

/** What to do with a class that has no training sample (its effective number is 0). */
export type ZeroCountPolicy = 'error' | 'zero-weight';

/** Options of {@link classBalancedWeights}. */
export interface ClassBalancedWeightsOptions {
  /**
   * `'error'` (default): a zero count throws, naming the class index.
   * `'zero-weight'`: such a class gets weight 0 and the present classes' weights are scaled to sum to C
   * (the total weight stays C, shared by the classes that exist).
   */
  readonly zeroCount?: ZeroCountPolicy;
}

/** All valid {@link ZeroCountPolicy} values, e.g. for a CLI's choices. */
export const ZERO_COUNT_POLICIES = ['error', 'zero-weight'] as const satisfies readonly ZeroCountPolicy[];

/**
 * Class-balanced weights of Cui et al. (arXiv:1901.05555): w_i ∝ 1 / E_{n_i} with
 * E_n = (1 - β^n)/(1 - β), normalised so that Σ_i w_i = C (the number of classes).
 *
 *   w_i = C · (1/E_{n_i}) / Σ_j (1/E_{n_j})
 *
 * β = 0 gives all ones (unweighted); β → 1 approaches inverse class frequency. A class with more samples
 * never gets a larger weight. Computed in float64.
 *
 * @param samplesPerClass - training counts n_i (non-negative integers), length C ≥ 1.
 * @param beta - β in [0, 1]; the paper uses 0.9, 0.99, 0.999, 0.9999.
 * @param options - `zeroCount` policy, default `'error'`.
 * @returns C weights summing to C.
 * @throws CbLossError('invalid-argument') for bad β, counts, or a zero count under `'error'`.
 * @example
 * classBalancedWeights([100, 10], 0.9);
 * // [0.7888615425968194, 1.2111384574031807]  (∝ 1/9.9997, 1/6.5132)
 * classBalancedWeights([5, 0, 5], 0.5, { zeroCount: 'zero-weight' }); // [1.5, 0, 1.5]
 */
export function classBalancedWeights(
  samplesPerClass: ArrayLike<number>,
  beta: number,
  options: ClassBalancedWeightsOptions = {},
): number[] {
  const fn = 'classBalancedWeights';
  assertIntegerCounts(fn, 'samplesPerClass', samplesPerClass);
  assertInRange(fn, 'beta', beta, 0, 1);
  const policy = options.zeroCount ?? 'error';
  assertOneOf(fn, 'options.zeroCount', policy, ZERO_COUNT_POLICIES);
  const counts = Array.from(samplesPerClass);
  const zeroIndex = counts.indexOf(0);
  if (zeroIndex >= 0 && (policy === 'error' || counts.every((n) => n === 0))) {
    const rule = policy === 'error' ? 'be > 0 (class has no sample; use zeroCount: \'zero-weight\' to allow it)' : 'have at least one class with samples';
    throw invalidArgument(fn, policy === 'error' ? `samplesPerClass[${zeroIndex}]` : 'samplesPerClass', rule, policy === 'error' ? 0 : counts);
  }
  const inverse = counts.map((n) => (n === 0 ? 0 : 1 / effectiveNumberUnchecked(n, beta)));
  const total = inverse.reduce((a, b) => a + b, 0);
  return inverse.map((v) => (v * counts.length) / total);
}
