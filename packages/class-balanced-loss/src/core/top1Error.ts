import { assertArrayLike, assertSameLength, invalidArgument } from './validate.js';

/**
 * Top-1 error in percent: 100 · (number of samples with prediction ≠ label) / (number of samples),
 * the metric of the paper's tables (arXiv:1901.05555).
 *
 * @param labels - true class ids.
 * @param predictions - predicted class ids, same length (≥ 1).
 * @returns a value in [0, 100].
 * @throws CbLossError for empty inputs ('invalid-argument') or different lengths ('shape-mismatch').
 * @example
 * top1Error([0, 1, 2, 2], [0, 1, 1, 2]); // 25
 */
export function top1Error(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  const fn = 'top1Error';
  assertArrayLike(fn, 'labels', labels);
  assertArrayLike(fn, 'predictions', predictions);
  assertSameLength(fn, 'labels', labels.length, 'predictions', predictions.length);
  if (labels.length === 0) throw invalidArgument(fn, 'labels', 'be non-empty', []);
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== predictions[i]) wrong++;
  return (100 * wrong) / labels.length;
}
