/** Bytes per element of the dtypes a collective accepts (float32, int32). */
const BYTES_PER_ELEMENT = 4;

/** What bucketing needs to know of a tensor or typed array: its number of elements and its dtype. */
export interface BucketItem {
  readonly size: number;
  readonly dtype: string;
}

/**
 * Groups items into flat buckets for collectives: each bucket holds items of one dtype, in their order, and at most
 * `bucketBytes` bytes (4 per element), except that an item larger than that gets a bucket of its own. Dtypes are
 * taken in order of first appearance. Items with no elements go in no bucket (there is nothing to exchange).
 *
 * @param items - sizes (elements) and dtypes, e.g. of a model's gradients.
 * @param bucketBytes - the largest bucket, in bytes (a positive integer; checked by the caller).
 * @returns the item indices of each bucket.
 * @example
 * planBuckets([{ size: 3, dtype: 'float32' }, { size: 2, dtype: 'int32' }, { size: 3, dtype: 'float32' }], 32)
 * // [[0, 2], [1]]   (6 float32 = 24 bytes fit in 32)
 * planBuckets([{ size: 3, dtype: 'float32' }, { size: 3, dtype: 'float32' }], 16)
 * // [[0], [1]]
 */
export function planBuckets(items: readonly BucketItem[], bucketBytes: number): number[][] {
  const dtypes = [...new Set(items.map((item) => item.dtype))];
  const buckets: number[][] = [];
  for (const dtype of dtypes) {
    let current: number[] = [];
    let bytes = 0;
    items.forEach((item, index) => {
      if (item.dtype !== dtype || item.size === 0) return;
      const itemBytes = item.size * BYTES_PER_ELEMENT;
      if (current.length > 0 && bytes + itemBytes > bucketBytes) {
        buckets.push(current);
        current = [];
        bytes = 0;
      }
      current.push(index);
      bytes += itemBytes;
    });
    if (current.length > 0) buckets.push(current);
  }
  return buckets;
}
