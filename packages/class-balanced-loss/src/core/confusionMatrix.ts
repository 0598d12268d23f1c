import { assertClassIds, assertInteger, assertSameLength } from './validate.js';

/**
 * Confusion matrix M[t][p] = number of samples of true class t predicted as class p.
 *
 * @param labels - true class ids, integers in [0, numClasses).
 * @param predictions - predicted class ids, same length as `labels`.
 * @param numClasses - C ≥ 1.
 * @returns a C×C matrix of counts, rows = true class, columns = predicted class.
 * @throws CbLossError for out-of-range / non-integer ids ('invalid-argument') or different lengths ('shape-mismatch').
 * @example
 * confusionMatrix([0, 0, 1], [0, 1, 1], 2); // [[1, 1], [0, 1]]
 */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number[][] {
  const fn = 'confusionMatrix';
  assertInteger(fn, 'numClasses', numClasses, 1);
  assertClassIds(fn, 'labels', labels, numClasses);
  assertClassIds(fn, 'predictions', predictions, numClasses);
  assertSameLength(fn, 'labels', labels.length, 'predictions', predictions.length);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = matrix[labels[i] as number] as number[];
    const p = predictions[i] as number;
    row[p] = (row[p] as number) + 1;
  }
  return matrix;
}
