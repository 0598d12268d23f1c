import { logPriorsFor } from './logPriors.js';
import { assertArrayLike, assertFinite, invalidArgument } from './validate.js';

/**
 * Post-hoc logit adjustment (Menon et al., ICLR 2021, arXiv:2007.07314, eq. 9) of a trained model's logits held in
 * a flat row-major array of N rows of C classes (e.g. `model.predict(x).dataSync()`), without TensorFlow.js:
 *
 *   x'_{i,c} = x_{i,c} − τ · log π_c,     π_c = n_c / Σ_k n_k
 *
 * The argmax of x' is the balanced-error-optimal prediction when the model estimates the training class
 * probabilities; τ = 1 is the theory's choice, τ = 0 changes nothing. Computed in float64, returned as float32.
 * See `posthocLogitAdjustment` for tensors.
 *
 * @param logits - N·C values, row-major (N = logits.length / C).
 * @param samplesPerClass - training counts n_c (positive integers), length C.
 * @param tau - τ, a finite number (usually in [0, 2]).
 * @returns a new Float32Array of N·C adjusted logits.
 * @throws CbLossError('invalid-argument') for a zero or bad count, a non-finite τ, or a length that is not a
 *   multiple of C.
 * @example
 * posthocLogitAdjustmentRows([0, 0, 1, 2], [3, 1], 1); // Float32Array [0.2876821, 1.3862944, 1.2876821, 3.3862944]
 */
export function posthocLogitAdjustmentRows(logits: ArrayLike<number>, samplesPerClass: ArrayLike<number>, tau: number): Float32Array {
  const fn = 'posthocLogitAdjustmentRows';
  assertArrayLike(fn, 'logits', logits);
  const priors = logPriorsFor(fn, samplesPerClass);
  assertFinite(fn, 'tau', tau);
  const numClasses = priors.length;
  if (logits.length % numClasses !== 0) {
    throw invalidArgument(fn, 'logits', `have a length that is a multiple of the number of classes (${numClasses})`, logits.length);
  }
  const adjusted = new Float32Array(logits.length);
  for (let i = 0; i < logits.length; i++) adjusted[i] = (logits[i] as number) - tau * (priors[i % numClasses] as number);
  return adjusted;
}
