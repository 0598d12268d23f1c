/**
 * Samples per class of a subset of a dataset: `counts[c]` = how many of `indices` have label c.
 *
 * @example
 * countLabels(new Int32Array([0, 1, 1, 2]), [1, 2, 3], 3); // [0, 2, 1]
 */
export function countLabels(labels: ArrayLike<number>, indices: readonly number[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const i of indices) {
    const label = labels[i] as number;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
