import { checkLabels } from './checkSplit.js';

/**
 * Number of samples of each class.
 *
 * @param labels class indices, each in `[0, numClasses)` (else `invalid-argument`)
 * @returns `counts[c]` = number of `labels` equal to `c`, length `numClasses`
 *
 * @example
 * countPerClass(new Int32Array([0, 2, 2]), 4); // [1, 0, 2, 0]
 */
export function countPerClass(labels: Int32Array, numClasses: number): number[] {
  checkLabels('countPerClass', labels, numClasses);
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
