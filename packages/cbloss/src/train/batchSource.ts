import type * as tf from '@tensorflow/tfjs-core';

/** One micro-batch on the backend, ready for a forward pass: the model input `[n, ...]` and the labels `[n]` (int32). */
export interface PreparedBatch {
  readonly input: tf.Tensor;
  readonly labels: tf.Tensor1D;
  readonly count: number;
}

/**
 * One SGD step's data: the global batch `batch` (0-based, within its epoch) as one or more micro-batches (more than one
 * with gradient accumulation). The consumer disposes every tensor once the step has run.
 */
export interface PreparedStep {
  readonly batch: number;
  readonly micro: readonly PreparedBatch[];
  /** Samples in the step (the sum of the micro-batches' counts). */
  readonly count: number;
}

/**
 * Where `trainModel` takes its batches from: an in-memory split (`createMemoryBatchSource`) or images streamed from
 * disk (`createStreamBatchSource`). The trainer draws each epoch's order (its sampler, keyed by seed and epoch) and
 * hands it over; the source prepares the steps AHEAD of the one training (gathered, augmented, normalised, on the
 * backend), so that a step never waits for its data when preparation can overlap (decode workers), and a source
 * holds at most its stated number of prepared steps.
 */
export interface BatchSource {
  /** Class of each training sample; the sampler draws the epoch's order from them. */
  readonly labels: Int32Array;
  /** Number of training samples. */
  readonly count: number;
  /**
   * The steps of one epoch from global batch `firstBatch` on, in order: batch `b` holds the samples
   * `order[b·batchSize, (b + 1)·batchSize)` (the last one smaller; a streamed source may leave out skipped images,
   * and a batch whose images were all skipped). Leaving the loop early disposes what was prepared ahead.
   */
  epoch(epoch: number, order: Int32Array, firstBatch: number): AsyncGenerator<PreparedStep, void, undefined>;
  /** Frees what the source holds (worker threads of a stream). Idempotent. */
  close(): Promise<void>;
}

/** Frees a prepared step's tensors. */
export function disposeStep(step: PreparedStep): void {
  for (const m of step.micro) {
    m.input.dispose();
    m.labels.dispose();
  }
}

/** Whether `train` is a {@link BatchSource} (rather than an in-memory `DataSplit`). */
export function isBatchSource(train: object): train is BatchSource {
  return typeof (train as Partial<BatchSource>).epoch === 'function';
}
