import * as tf from '@tensorflow/tfjs-core';
import type { DataSplit } from '../types.js';
import type { Rng } from '../util/rng.js';
import { augmentBatch } from './augment.js';
import type { BatchSource, PreparedMicroBatch } from './batchSource.js';
import { gatherBatch } from './gatherBatch.js';

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
}

/**
 * The batches of an in-memory split, as the trainer has always made them: batch `b` of epoch `e` gathers
 * `order[b·B, (b + 1)·B)` ({@link gatherBatch}), augments it with `rng.fork('augment:e').fork('batch:b')`
 * ({@link augmentBatch}) and turns it into the model input with `toInput` — so a run gives the same numbers with
 * or without preparing ahead, and resumes exactly mid-epoch. With `accumulate = N` the global batch (gathered and
 * augmented whole on the host, so the augmentation does not depend on N) is cut into N consecutive micro-batches of
 * `B/N` samples, each put on the backend only when the consumer reaches it.
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

  /** Step `b`'s samples, gathered and augmented on the host (Uint8 pixels: small even for a large batch). */
  const gather = (epochRng: Rng, order: Int32Array, b: number): { x: Uint8Array | Float32Array; labels: Int32Array; count: number } => {
    const batch = gatherBatch(split, sampleSize, order, b * batchSize, Math.min(order.length, (b + 1) * batchSize));
    const x = augment && batch.x instanceof Uint8Array ? augmentBatch(batch.x, batch.count, sampleShape, epochRng.fork(`batch:${b}`)) : batch.x;
    return { x, labels: batch.labels, count: batch.count };
  };

  return {
    labels: split.labels,
    count: split.count,
    async *epoch(epoch, order, firstBatch): AsyncGenerator<PreparedMicroBatch, void, undefined> {
      const epochRng = rng.fork(`augment:${epoch}`);
      const batches = Math.ceil(order.length / batchSize);
      for (let b = firstBatch; b < batches; b++) {
        const { x, labels, count } = gather(epochRng, order, b);
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
