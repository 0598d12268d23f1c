import { sampleEpochFor, type SampleEpochOptions } from './sampleEpoch.js';
import { assertInteger, invalidArgument } from './validate.js';

/** Options of {@link indexBatches}: those of `sampleEpoch`, the batch size, where to start, and the last batch. */
export interface IndexBatchesOptions extends SampleEpochOptions {
  /** Examples per batch, an integer ≥ 1. */
  readonly batchSize: number;
  /** The first batch to yield (0-based): resumes an interrupted epoch with exactly the remaining batches. Default 0. */
  readonly startBatch?: number | undefined;
  /** Drop a last batch shorter than `batchSize` (default false: it is yielded). */
  readonly dropRemainder?: boolean | undefined;
}

/**
 * The batches of example indices of one epoch of a sampler (`sampleEpoch`), as a plain JavaScript iterator, for a
 * custom training loop (for `tf.data`, use `samplerGenerator`, which numbers the epochs). Deterministic for
 * (seed, epoch); `startBatch` resumes mid-epoch. Arguments are checked when this is called, not at the first `next()`.
 *
 * @returns an iterator of Int32Array batches (each a fresh array) of length `batchSize` (the last one possibly shorter).
 * @throws CbLossError as `sampleEpoch`, and for a bad batchSize or a startBatch past the end of the epoch.
 * @example
 * for (const indices of indexBatches(labels, { sampler: 'class-balanced', seed: 1, epoch: 7, batchSize: 128 })) {
 *   // gather the batch's examples and train on them
 * }
 * // after a crash in epoch 7 at batch 40: the same remaining batches
 * indexBatches(labels, { sampler: 'class-balanced', seed: 1, epoch: 7, batchSize: 128, startBatch: 40 });
 */
export function indexBatches(labels: ArrayLike<number>, options: IndexBatchesOptions): IterableIterator<Int32Array> {
  return indexBatchesFor('indexBatches', labels, options);
}

/** {@link indexBatches} whose messages name `fn`, the function the user called (e.g. `samplerGenerator`). */
export function indexBatchesFor(fn: string, labels: ArrayLike<number>, options: IndexBatchesOptions): IterableIterator<Int32Array> {
  if (options === null || typeof options !== 'object') throw invalidArgument(fn, 'options', 'be an object', options);
  assertInteger(fn, 'batchSize', options.batchSize, 1);
  const startBatch = options.startBatch ?? 0;
  assertInteger(fn, 'startBatch', startBatch, 0);
  const order = sampleEpochFor(fn, labels, options);
  const numBatches = options.dropRemainder === true ? Math.floor(order.length / options.batchSize) : Math.ceil(order.length / options.batchSize);
  if (startBatch > numBatches) throw invalidArgument(fn, 'startBatch', `be at most the number of batches of the epoch (${numBatches})`, startBatch);
  return batchesOf(order, options.batchSize, startBatch, numBatches);
}

function* batchesOf(order: Int32Array, batchSize: number, startBatch: number, numBatches: number): IterableIterator<Int32Array> {
  for (let b = startBatch; b < numBatches; b++) yield order.slice(b * batchSize, (b + 1) * batchSize);
}
