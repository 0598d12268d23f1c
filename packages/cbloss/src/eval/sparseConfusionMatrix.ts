import { CblossError } from '../CblossError.js';

/** One nonzero cell of a confusion matrix: `count` samples of class `trueClass` were predicted as `predicted`. */
export type ConfusionEntry = readonly [trueClass: number, predicted: number, count: number];

/**
 * A `numClasses × numClasses` confusion matrix by its nonzero cells only, as `results.json` stores it beyond
 * `DENSE_CONFUSION_MAX_CLASSES` classes (see `storedConfusionMatrix`). Entries are sorted by true class, then by
 * predicted class; every count is a positive integer. Every evaluated sample falls in one cell, so there are at most
 * as many entries as samples: its size is O(N_eval), whatever the number of classes (iNaturalist 2018's 8,142 classes
 * would take 66 M cells dense).
 *
 * @example
 * const m: SparseConfusionMatrix = { format: 'sparse', numClasses: 3, entries: [[0, 0, 2], [2, 1, 1]] };
 * // dense: [[2, 0, 0], [0, 0, 0], [0, 1, 0]]
 */
export interface SparseConfusionMatrix {
  readonly format: 'sparse';
  readonly numClasses: number;
  /** `[true class, predicted class, count]` of each nonzero cell, by true then predicted class. */
  readonly entries: readonly ConfusionEntry[];
}

/**
 * Counts the confusion matrix `M[t][p]` (samples of true class t predicted as p) keeping only its nonzero cells: time
 * O(N log N), memory O(N) for N samples — never O(C²). The same counts as the library's dense `confusionMatrix`.
 *
 * @param labels - true class ids, integers in [0, numClasses).
 * @param predictions - predicted class ids, same length.
 * @param numClasses - C ≥ 1.
 * @throws CblossError `invalid-argument` for a bad `numClasses` or a class id out of range, `shape-mismatch` for
 *   different lengths.
 * @example
 * sparseConfusionMatrix([0, 0, 2], [0, 0, 1], 3); // { format: 'sparse', numClasses: 3, entries: [[0, 0, 2], [2, 1, 1]] }
 */
export function sparseConfusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): SparseConfusionMatrix {
  const fn = 'sparseConfusionMatrix';
  if (!Number.isSafeInteger(numClasses) || numClasses < 1) {
    throw new CblossError('invalid-argument', `${fn}: 'numClasses' must be a positive integer; got ${numClasses}.`);
  }
  if (labels.length !== predictions.length) {
    throw new CblossError('shape-mismatch', `${fn}: 'predictions' must have as many entries as 'labels' (${labels.length}); got ${predictions.length}.`);
  }
  const isClass = (v: number | undefined): boolean => v !== undefined && Number.isInteger(v) && v >= 0 && v < numClasses;
  // One counter per nonzero cell, keyed t·C + p (exact in float64 up to C ≈ 9·10⁷).
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predictions[i];
    if (!isClass(t)) throw new CblossError('invalid-argument', `${fn}: 'labels' must be class ids in [0, ${numClasses}); got ${t} at index ${i}.`);
    if (!isClass(p)) throw new CblossError('invalid-argument', `${fn}: 'predictions' must be class ids in [0, ${numClasses}); got ${p} at index ${i}.`);
    const key = (t as number) * numClasses + (p as number);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // A typed array sorts numerically: by true class, then predicted class.
  const keys = Float64Array.from(counts.keys()).sort();
  const entries = Array.from(keys, (key): ConfusionEntry => [Math.floor(key / numClasses), key % numClasses, counts.get(key) as number]);
  return { format: 'sparse', numClasses, entries };
}

/**
 * Accuracy of each class in percent from a confusion matrix's nonzero cells: `100 · M[c][c] / Σ_p M[c][p]`, `null`
 * for a class without any sample — the numbers of the library's `perClassAccuracy`, in O(C + entries).
 *
 * @example
 * perClassAccuracyOf({ format: 'sparse', numClasses: 3, entries: [[0, 0, 1], [0, 1, 1], [1, 1, 1]] }); // [50, 100, null]
 */
export function perClassAccuracyOf(matrix: SparseConfusionMatrix): (number | null)[] {
  const totals = new Float64Array(matrix.numClasses);
  const correct = new Float64Array(matrix.numClasses);
  for (const [t, p, count] of matrix.entries) {
    totals[t] = (totals[t] as number) + count;
    if (t === p) correct[t] = count;
  }
  return Array.from(totals, (total, c) => (total === 0 ? null : (100 * (correct[c] as number)) / total));
}
