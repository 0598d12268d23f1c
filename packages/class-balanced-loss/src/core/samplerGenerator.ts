import { indexBatchesFor, type IndexBatchesOptions } from './indexBatches.js';
import { assertInteger, invalidArgument } from './validate.js';

/** Options of {@link samplerGenerator}: those of `indexBatches`, with the first epoch's number instead of one epoch. */
export interface SamplerGeneratorOptions extends Omit<IndexBatchesOptions, 'epoch' | 'startBatch'> {
  /** The number of the first epoch (e.g. to continue a run); default 0. */
  readonly firstEpoch?: number | undefined;
}

/**
 * A generator function for `tf.data.generator`: every iteration of the data set is the next epoch of a sampler
 * (`indexBatches`), yielding Int32Array batches of example indices. An epoch number is taken when an iterator is
 * first pulled, not when it is created: `model.fitDataset` creates one iterator up front that it never reads, and
 * counting at creation would start training at epoch 1 (visible with `'progressive'`). Arguments are checked now.
 *
 * @returns a function returning a fresh iterator each call.
 * @throws CbLossError as `indexBatches`.
 * @example
 * const batches = tf.data
 *   .generator(samplerGenerator(labels, { sampler: 'progressive', seed: 1, numEpochs: 90, batchSize: 128 }))
 *   .map((indices) => tf.tidy(() => {
 *     const i = tf.tensor1d(indices as Int32Array, 'int32');
 *     return { xs: tf.gather(xsAll, i), ys: tf.gather(ysAll, i) };
 *   }));
 * await model.fitDataset(batches, { epochs: 90 }); // epochs 0..89 of the sampler
 */
export function samplerGenerator(labels: ArrayLike<number>, options: SamplerGeneratorOptions): () => IterableIterator<Int32Array> {
  const fn = 'samplerGenerator';
  if (options === null || typeof options !== 'object') throw invalidArgument(fn, 'options', 'be an object', options);
  const { firstEpoch = 0, ...rest } = options;
  assertInteger(fn, 'firstEpoch', firstEpoch, 0);
  // validates everything now, once, with the first epoch
  indexBatchesFor(fn, labels, { ...rest, epoch: firstEpoch });
  let nextEpoch = firstEpoch;
  return () => {
    let batches: IterableIterator<Int32Array> | undefined;
    const iterator: IterableIterator<Int32Array> = {
      next: () => (batches ??= indexBatchesFor(fn, labels, { ...rest, epoch: nextEpoch++ })).next(),
      [Symbol.iterator]: () => iterator,
    };
    return iterator;
  };
}
