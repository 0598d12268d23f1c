import type * as tf from '@tensorflow/tfjs-core';

/** One micro-batch on the backend, ready for a forward pass: the model input `[n, ...]` and the labels `[n]` (int32). */
export interface PreparedBatch {
  readonly input: tf.Tensor;
  readonly labels: tf.Tensor1D;
  readonly count: number;
}

/**
 * A micro-batch of one SGD step: global batch `batch` (0-based, within its epoch) is one micro-batch, or several with
 * gradient accumulation, delivered one after the other; `last` marks the one that ends its step. The consumer
 * disposes its tensors once it has used them.
 */
export interface PreparedMicroBatch extends PreparedBatch {
  readonly batch: number;
  readonly last: boolean;
}

/** Which part of each global batch a source prepares in data-parallel training: rank `rank` of `worldSize`. */
export interface BatchShard {
  readonly rank: number;
  readonly worldSize: number;
}

/**
 * Where `trainModel` takes its batches from: an in-memory split (`createMemoryBatchSource`) or images streamed from
 * disk (`createStreamBatchSource`). The trainer draws each epoch's order (its sampler, keyed by seed and epoch) and
 * hands it over; the source prepares the micro-batches AHEAD of the one training (gathered, augmented, normalised,
 * on the backend), and only a few at a time, so that a step of any global batch needs the input memory of a few
 * micro-batches.
 */
export interface BatchSource {
  /** Class of each training sample; the sampler draws the epoch's order from them. */
  readonly labels: Int32Array;
  /** Number of training samples. */
  readonly count: number;
  /**
   * Data-parallel training: the source prepares only this rank's contiguous part of each global batch (`shardRange`),
   * and yields one empty micro-batch (`count` 0) for a step in which it has none. `trainModel` with `distributed`
   * takes only a source whose shard is its rank's. Absent: whole batches (one process).
   */
  readonly shard?: BatchShard;
  /**
   * The micro-batches of one epoch from global batch `firstBatch` on, in order: batch `b` holds the samples
   * `order[b·batchSize, (b + 1)·batchSize)` (the last one smaller; a streamed source leaves out skipped images,
   * and a step whose images were all skipped). Leaving the loop early releases what was prepared ahead.
   */
  epoch(epoch: number, order: Int32Array, firstBatch: number): AsyncGenerator<PreparedMicroBatch, void, undefined>;
  /** Frees what the source holds (worker threads of a stream). Idempotent. */
  close(): Promise<void>;
}

/** Frees a prepared micro-batch's tensors. */
export function disposeBatch(batch: PreparedBatch): void {
  batch.input.dispose();
  batch.labels.dispose();
}

/** Whether `train` is a {@link BatchSource} (rather than an in-memory `DataSplit`). */
export function isBatchSource(train: object): train is BatchSource {
  return typeof (train as Partial<BatchSource>).epoch === 'function';
}
