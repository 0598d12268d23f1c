import type { ConfusionEntry, SparseConfusionMatrix } from './sparseConfusionMatrix.js';

/** `matrix[true][predicted]` counts, C rows of C numbers: `results.json`'s format up to {@link DENSE_CONFUSION_MAX_CLASSES} classes. */
export type DenseConfusionMatrix = readonly (readonly number[])[];

/** A confusion matrix as `results.json` stores it: dense up to {@link DENSE_CONFUSION_MAX_CLASSES} classes, sparse beyond. */
export type StoredConfusionMatrix = DenseConfusionMatrix | SparseConfusionMatrix;

/**
 * The most classes whose confusion matrix is stored dense (C² numbers: 10⁴ at 100 classes, CIFAR-100); beyond it,
 * only its nonzero cells are stored ({@link SparseConfusionMatrix}), at most one per evaluated sample. Results files of
 * small datasets keep the format cbloss always wrote.
 */
export const DENSE_CONFUSION_MAX_CLASSES = 100;

/**
 * The format a confusion matrix is stored in: the dense rows when it has at most {@link DENSE_CONFUSION_MAX_CLASSES}
 * classes, else `matrix` itself (its nonzero cells). Memory and file size are O(C + N_eval) either way.
 *
 * @example
 * storedConfusionMatrix(sparseConfusionMatrix([0, 1], [0, 0], 2)); // [[1, 0], [1, 0]]
 * storedConfusionMatrix(sparseConfusionMatrix(labels, predictions, 8142)); // { format: 'sparse', numClasses: 8142, entries: [...] }
 */
export function storedConfusionMatrix(matrix: SparseConfusionMatrix): StoredConfusionMatrix {
  return matrix.numClasses <= DENSE_CONFUSION_MAX_CLASSES ? toDenseConfusionMatrix(matrix) : matrix;
}

/**
 * Whether a stored confusion matrix is in the sparse format.
 *
 * @example
 * isSparseConfusionMatrix([[1, 0], [0, 1]]); // false
 */
export function isSparseConfusionMatrix(matrix: StoredConfusionMatrix): matrix is SparseConfusionMatrix {
  return !Array.isArray(matrix);
}

/**
 * The number of classes C of a stored confusion matrix (its rows, or `numClasses`).
 *
 * @example
 * confusionMatrixClasses({ format: 'sparse', numClasses: 8142, entries: [] }); // 8142
 */
export function confusionMatrixClasses(matrix: StoredConfusionMatrix): number {
  return isSparseConfusionMatrix(matrix) ? matrix.numClasses : matrix.length;
}

/**
 * Either stored format as its nonzero cells (a sparse matrix is returned as it is). O(C²) for a dense one, which is
 * small by construction.
 *
 * @example
 * toSparseConfusionMatrix([[2, 0], [1, 0]]); // { format: 'sparse', numClasses: 2, entries: [[0, 0, 2], [1, 0, 1]] }
 */
export function toSparseConfusionMatrix(matrix: StoredConfusionMatrix): SparseConfusionMatrix {
  if (isSparseConfusionMatrix(matrix)) return matrix;
  const entries: ConfusionEntry[] = [];
  matrix.forEach((row, t) => row.forEach((count, p) => {
    if (count !== 0) entries.push([t, p, count]);
  }));
  return { format: 'sparse', numClasses: matrix.length, entries };
}

/**
 * Either stored format as C rows of C counts (a dense matrix is copied). Only for a matrix small enough to hold:
 * the reports draw it up to `CONFUSION_PLOT_MAX_CLASSES`.
 *
 * @example
 * toDenseConfusionMatrix({ format: 'sparse', numClasses: 2, entries: [[1, 0, 3]] }); // [[0, 0], [3, 0]]
 */
export function toDenseConfusionMatrix(matrix: StoredConfusionMatrix): number[][] {
  if (!isSparseConfusionMatrix(matrix)) return matrix.map((row) => [...row]);
  const dense = Array.from({ length: matrix.numClasses }, () => new Array<number>(matrix.numClasses).fill(0));
  for (const [t, p, count] of matrix.entries) (dense[t] as number[])[p] = count;
  return dense;
}
