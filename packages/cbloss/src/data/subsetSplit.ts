import type { DataSplit } from '../types.js';
import { checkSplit } from './checkSplit.js';
import { CblossError } from '../CblossError.js';

/**
 * A new split made of the samples at `indices` (in that order; repeats allowed), copying their
 * `sampleSize` values and labels. `x` keeps its type (`Uint8Array` or `Float32Array`).
 *
 * @example
 * const s = { x: new Float32Array([1, 2, 3, 4, 5, 6]), labels: new Int32Array([0, 1, 2]), count: 3 };
 * subsetSplit(s, [2, 0], 2); // { x: Float32Array [5, 6, 1, 2], labels: Int32Array [2, 0], count: 2 }
 */
export function subsetSplit(split: DataSplit, indices: ArrayLike<number>, sampleSize: number): DataSplit {
  checkSplit('subsetSplit', split, sampleSize);
  const count = indices.length;
  const x = split.x instanceof Float32Array ? new Float32Array(count * sampleSize) : new Uint8Array(count * sampleSize);
  const labels = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = indices[k] ?? -1;
    if (!Number.isInteger(i) || i < 0 || i >= split.count) {
      throw new CblossError('invalid-argument', `subsetSplit: 'indices' must be integers in [0, ${split.count}); got ${i} at position ${k}.`);
    }
    x.set(split.x.subarray(i * sampleSize, (i + 1) * sampleSize), k * sampleSize);
    labels[k] = split.labels[i] ?? 0;
  }
  return { x, labels, count };
}
