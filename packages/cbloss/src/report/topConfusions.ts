import type { ConfusionEntry } from '../eval/sparseConfusionMatrix.js';
import { toSparseConfusionMatrix, type StoredConfusionMatrix } from '../eval/storedConfusionMatrix.js';

/**
 * The `count` most frequent confusions of a confusion matrix (dense or sparse): its off-diagonal cells
 * `[true class, predicted class, samples]` by decreasing count, ties by true then predicted class. What a report shows
 * of a matrix too large to draw; O(entries · log entries).
 *
 * @example
 * topConfusions([[5, 2, 0], [3, 4, 0], [0, 2, 1]], 2); // [[1, 0, 3], [0, 1, 2]]
 */
export function topConfusions(matrix: StoredConfusionMatrix, count: number): ConfusionEntry[] {
  return toSparseConfusionMatrix(matrix)
    .entries.filter(([t, p]) => t !== p)
    .sort((a, b) => b[2] - a[2] || a[0] - b[0] || a[1] - b[1])
    .slice(0, count);
}
