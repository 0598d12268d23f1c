import type { DataSplit } from '../types.js';

/** One batch copied out of a split. */
export interface Batch {
  /** `count × sampleSize` values, same element type as the split's `x`. */
  readonly x: Uint8Array | Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

/**
 * Copies the samples `order[start..end)` of `split` into a contiguous batch (rows of `sampleSize` values).
 *
 * @example
 * const batch = gatherBatch(train, 32 * 32 * 3, order, 0, 128); // batch.x.length === 128 * 3072
 */
export function gatherBatch(
  split: DataSplit,
  sampleSize: number,
  order: Int32Array,
  start: number,
  end: number,
): Batch {
  const count = end - start;
  const x = split.x instanceof Uint8Array ? new Uint8Array(count * sampleSize) : new Float32Array(count * sampleSize);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const index = order[start + i]!;
    x.set(split.x.subarray(index * sampleSize, (index + 1) * sampleSize), i * sampleSize);
    labels[i] = split.labels[index]!;
  }
  return { x, labels, count };
}
