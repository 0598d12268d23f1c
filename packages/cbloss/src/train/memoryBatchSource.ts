import * as tf from '@tensorflow/tfjs-core';
import type { DataSplit } from '../types.js';
import type { Rng } from '../util/rng.js';
import { augmentBatch } from './augment.js';
import type { BatchShard, BatchSource, PreparedMicroBatch } from './batchSource.js';
import { gatherBatch } from './gatherBatch.js';
import { shardRange } from '../distributed/shardRange.js';

/** Options of {@link createMemoryBatchSource}. */
export interface MemoryBatchSourceOptions {
  readonly split: DataSplit;
  /** `[H, W, C]` for images, `[F]` for tabular samples. */
  readonly sampleShape: readonly number[];
  /** Samples per SGD step (the global batch). */
  readonly batchSize: number;
  /** Micro-batches per step (gradient accumulation); must divide `batchSize`. Default 1. */
  readonly accumulate?: number;
  /** Random crop (pad 4) + horizontal flip of Uint8 `[H, W, C]` images, from `rng.fork('augment:e').fork('batch:b')`. */
  readonly augment: boolean;
  /** The run's root random stream (the trainer's), whose keyed forks drive the augmentation. */
  readonly rng: Rng;
  /** Raw samples → model input (normalisation), as `TrainModelOptions.toInput`. */
  readonly toInput: (x: Uint8Array | Float32Array, count: number) => tf.Tensor;
  /**
   * Data-parallel training: this process is rank `rank` of `worldSize` and prepares only its contiguous part of each
   * global batch ({@link shardRange}), augmented as one process augments those samples of the whole batch. Default:
   * the whole batch (one process).
   */
  readonly shard?: BatchShard;
}

/**
 * The batches of an in-memory split, as the trainer has always made them: batch `b` of epoch `e` gathers
 * `order[b·B, (b + 1)·B)` ({@link gatherBatch}), augments it with `rng.fork('augment:e').fork('batch:b')`
 * ({@link augmentBatch}) and turns it into the model input with `toInput` — so a run gives the same numbers with
 * or without preparing ahead, and resumes exactly mid-epoch. With `accumulate = N` the global batch (gathered and
 * augmented whole on the host, so the augmentation does not depend on N) is cut into N consecutive micro-batches of
 * `B/N` samples, each put on the backend only when the consumer reaches it. With `shard` (data-parallel), each rank
 * gathers and augments only its contiguous part of every global batch and cuts it into micro-batches of at most
 * `B/N` samples; a rank whose part is empty yields one empty micro-batch (`count` 0) for that step.
 *
 * @example
 * const source = createMemoryBatchSource({ split: train, sampleShape: [32, 32, 3], batchSize: 128, augment: true, rng, toInput });
 * for await (const micro of source.epoch(0, order, 0)) { ... disposeBatch(micro); }
 */
export function createMemoryBatchSource(options: MemoryBatchSourceOptions): BatchSource {
  const { split, sampleShape, batchSize, augment, rng, toInput } = options;
  const accumulate = options.accumulate ?? 1;
  const micro = batchSize / accumulate;
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);

  /**
   * Step `b`'s samples (this rank's part of them), gathered and augmented on the host (Uint8 pixels: small even for
   * a large batch). A rank's part `[from, to)` skips the draws of the batch's first `from − start` images, so that
   * together the ranks augment the batch exactly as one process does.
   */
  const gather = (epochRng: Rng, order: Int32Array, b: number): { x: Uint8Array | Float32Array; labels: Int32Array; count: number } => {
    const start = b * batchSize;
    const end = Math.min(order.length, (b + 1) * batchSize);
    const [from, to] = options.shard ? shardRange(start, end, options.shard.rank, options.shard.worldSize) : [start, end];
    const batch = gatherBatch(split, sampleSize, order, from, to);
    const x =
      augment && batch.x instanceof Uint8Array
        ? augmentBatch(batch.x, batch.count, sampleShape, epochRng.fork(`batch:${b}`), { skip: from - start })
        : batch.x;
    return { x, labels: batch.labels, count: batch.count };
  };

  return {
    labels: split.labels,
    count: split.count,
    ...(options.shard ? { shard: options.shard } : {}),
    async *epoch(epoch, order, firstBatch): AsyncGenerator<PreparedMicroBatch, void, undefined> {
      const epochRng = rng.fork(`augment:${epoch}`);
      const batches = Math.ceil(order.length / batchSize);
      for (let b = firstBatch; b < batches; b++) {
        const { x, labels, count } = gather(epochRng, order, b);
        if (count === 0) {
          // A rank without samples in this (last, small) batch still takes part in its step: one empty micro-batch.
          yield { input: toInput(x, 0), labels: tf.tensor1d(labels, 'int32'), count: 0, batch: b, last: true };
          continue;
        }
        // Micro-batches go on the backend one at a time, when the consumer gets to them.
        for (let start = 0; start < count; start += micro) {
          const end = Math.min(count, start + micro);
          const rows = accumulate === 1 ? x : x.subarray(start * sampleSize, end * sampleSize);
          const microLabels = accumulate === 1 ? labels : labels.subarray(start, end);
          yield { input: toInput(rows, end - start), labels: tf.tensor1d(microLabels, 'int32'), count: end - start, batch: b, last: end === count };
        }
      }
    },
    close: async () => {},
  };
}
