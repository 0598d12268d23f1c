import { assertPositiveCounts } from './validate.js';

/**
 * The log class priors of the training set, log π_c = log(n_c / Σ_k n_k), in float64: what logit adjustment
 * (Menon et al., arXiv:2007.07314) and Balanced Softmax (Ren et al., arXiv:2007.10740) add to the logits.
 *
 * A class without training samples has log π = −∞: zero counts are rejected.
 *
 * @param samplesPerClass - training counts n_c (positive integers), length C ≥ 1.
 * @returns C values ≤ 0 whose exponentials sum to 1.
 * @throws CbLossError('invalid-argument') for a zero, negative or fractional count.
 * @example
 * logPriors([3, 1]); // [-0.287682072451781, -1.3862943611198906]  (log 3/4, log 1/4)
 */
export function logPriors(samplesPerClass: ArrayLike<number>): number[] {
  return logPriorsFor('logPriors', samplesPerClass);
}

/** {@link logPriors} whose messages name `fn`, the function the user called. */
export function logPriorsFor(fn: string, samplesPerClass: ArrayLike<number>): number[] {
  assertPositiveCounts(fn, samplesPerClass, 'its prior is 0 and log 0 = -Infinity');
  const counts = Array.from(samplesPerClass);
  const logTotal = Math.log(counts.reduce((a, b) => a + b, 0));
  // log n_c − log Σn rather than log(n_c / Σn): no rounding of the ratio, exact for equal counts
  return counts.map((n) => Math.log(n) - logTotal);
}
