import { confusionMatrix } from './confusionMatrix.js';

/**
 * Accuracy of each class in percent: 100 · (correct predictions of class c) / (samples of class c),
 * `null` for a class without any sample (not 0: an absent class has no accuracy).
 *
 * @param labels - true class ids in [0, numClasses).
 * @param predictions - predicted class ids, same length.
 * @param numClasses - C ≥ 1.
 * @returns C values in [0, 100] or null.
 * @example
 * perClassAccuracy([0, 0, 1], [0, 1, 1], 3); // [50, 100, null]
 */
export function perClassAccuracy(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses: number,
): (number | null)[] {
  const matrix = confusionMatrix(labels, predictions, numClasses);
  return matrix.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : (100 * (row[c] as number)) / total;
  });
}
