import { assertArrayLike, assertSameLength, invalidArgument } from './validate.js';
import { perClassAccuracy } from './perClassAccuracy.js';

/**
 * Class-balanced error in percent: 100 minus the mean of the per-class accuracies, over the classes that
 * have at least one sample. On a balanced set it equals {@link top1Error}; on a long-tailed set (e.g. a
 * validation split carved from the long-tailed training set) it is the estimate of the balanced test error
 * that the paper reports, where top-1 error would be dominated by the head classes.
 *
 *   balancedError = 100 − (1/|K|) · Σ_{k ∈ K} acc_k,   K = classes with samples
 *
 * @param labels - true class ids in [0, numClasses).
 * @param predictions - predicted class ids, same length (≥ 1).
 * @param numClasses - C.
 * @returns a value in [0, 100].
 * @example
 * balancedError([0, 0, 0, 1], [0, 0, 0, 0], 2); // 50   (top-1 error would be 25)
 */
export function balancedError(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number {
  const fn = 'balancedError';
  assertArrayLike(fn, 'labels', labels);
  assertArrayLike(fn, 'predictions', predictions);
  assertSameLength(fn, 'labels', labels.length, 'predictions', predictions.length);
  if (labels.length === 0) throw invalidArgument(fn, 'labels', 'be non-empty', []);
  const present = perClassAccuracy(labels, predictions, numClasses).filter((a): a is number => a !== null);
  return 100 - present.reduce((sum, a) => sum + a, 0) / present.length;
}
