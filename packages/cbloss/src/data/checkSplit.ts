import type { DataSplit } from '../types.js';
import { CblossError } from '../CblossError.js';

/**
 * Checks that a split is self-consistent for `sampleSize` values per sample (`x.length = count·sampleSize`,
 * `labels.length = count`) and, when `numClasses` is given, that labels are integers in `[0, numClasses)`.
 * Throws `invalid-argument` / `shape-mismatch` in the project's message format, naming `fn`.
 */
export function checkSplit(fn: string, split: DataSplit, sampleSize: number, numClasses?: number): void {
  if (!Number.isInteger(sampleSize) || sampleSize < 1) {
    throw new CblossError('invalid-argument', `${fn}: 'sampleSize' must be a positive integer; got ${sampleSize}.`);
  }
  if (split.labels.length !== split.count || split.x.length !== split.count * sampleSize) {
    throw new CblossError(
      'shape-mismatch',
      `${fn}: 'split' must have labels.length = count and x.length = count × sampleSize = ${split.count} × ${sampleSize}; ` +
        `got labels.length ${split.labels.length}, x.length ${split.x.length}.`,
    );
  }
  if (numClasses !== undefined) checkLabels(fn, split.labels, numClasses);
}

/** Checks `numClasses` is a positive integer and every label is in `[0, numClasses)`. */
export function checkLabels(fn: string, labels: Int32Array, numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new CblossError('invalid-argument', `${fn}: 'numClasses' must be a positive integer; got ${numClasses}.`);
  }
  const bad = labels.findIndex((l) => l < 0 || l >= numClasses);
  if (bad >= 0) {
    throw new CblossError('invalid-argument', `${fn}: 'labels' must be in [0, ${numClasses}); got ${labels[bad]} at index ${bad}.`);
  }
}
