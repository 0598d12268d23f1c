import * as tf from '@tensorflow/tfjs-core';
import { CblossError } from '../CblossError.js';
import type { StreamSplit } from '../data/stream/StreamDataset.js';
import type { DecodePool, StreamBatch } from '../data/stream/decodePool.js';
import type { BatchSource, PreparedMicroBatch } from './batchSource.js';

/** Options of {@link createStreamBatchSource}. */
export interface StreamBatchSourceOptions {
  /** The streamed training split (its file index). */
  readonly split: StreamSplit;
  /** A pool over `split` in `'train'` mode whose `batchSize` is the micro-batch, `batchSize / accumulate`. */
  readonly pool: DecodePool;
  /** Samples per SGD step (the global batch). */
  readonly batchSize: number;
  /** Micro-batches per step (gradient accumulation); must divide `batchSize`. Default 1. */
  readonly accumulate?: number;
}

/**
 * The batches of a split streamed from disk: the decode pool's worker threads read, decode and preprocess
 * (random resized crop + flip, normalisation; each sample's randomness keyed by seed, epoch and sample) the
 * micro-batches of the trainer's order a few batches ahead, within the pool's `memoryBound`, while the main thread
 * trains; this source tags each with its step (of `batchSize` samples) and puts it on the backend
 * (`[n, size, size, 3]` float32) when the trainer reaches it. Resuming at `firstBatch` decodes the rest of the same order, so a resumed run
 * sees the same images with the same crops. Images skipped by the pool (`skipBadImages`) are left out of their
 * step (a step with none left is left out).
 *
 * @example
 * const pool = createDecodePool(ds.train, { transform: { mode: 'train', size: 224 }, batchSize: 64, seed: 1 });
 * const source = createStreamBatchSource({ split: ds.train, pool, batchSize: 256, accumulate: 4 });
 */
export function createStreamBatchSource(options: StreamBatchSourceOptions): BatchSource {
  const { split, pool, batchSize } = options;
  const accumulate = options.accumulate ?? 1;
  if (!Number.isInteger(accumulate) || accumulate < 1 || batchSize % accumulate !== 0) {
    throw new CblossError('invalid-argument', `createStreamBatchSource: 'accumulate' must be a positive integer dividing 'batchSize' (${batchSize}); got ${accumulate}.`);
  }
  const micro = batchSize / accumulate;
  return {
    labels: split.labels,
    count: split.count,
    async *epoch(epoch, order, firstBatch): AsyncGenerator<PreparedMicroBatch, void, undefined> {
      const rest = order.subarray(firstBatch * batchSize);
      // The pool cuts `rest` into micro-batches of `micro` samples: micro-batch k belongs to step firstBatch + ⌊k/N⌋.
      // One decoded micro-batch is held back until the next one (or the end) says whether it ends its step.
      const toTensors = (decoded: StreamBatch, batch: number, last: boolean): PreparedMicroBatch => ({
        input: tf.tensor4d(decoded.x, [...decoded.shape]),
        labels: tf.tensor1d(decoded.labels, 'int32'),
        count: decoded.count,
        batch,
        last,
      });
      let held: { decoded: StreamBatch; batch: number } | undefined;
      let k = 0;
      for await (const decoded of pool.epoch(epoch, rest)) {
        // A micro-batch whose images were all skipped is not yielded by the pool: locate each by its first sample.
        const first = decoded.indices[0] as number;
        while (k * micro < rest.length && !sliceHas(rest, k * micro, micro, first)) k++;
        const batch = firstBatch + Math.floor(k / accumulate);
        if (held !== undefined) yield toTensors(held.decoded, held.batch, held.batch !== batch);
        held = { decoded, batch };
        k++;
      }
      if (held !== undefined) yield toTensors(held.decoded, held.batch, true);
    },
    close: () => pool.close(),
  };
}

/** Whether sample `index` is in `order[start, start + length)` (a sample the pool kept was kept in every slice holding it, so the first slice from `k` that holds it is its own). */
function sliceHas(order: Int32Array, start: number, length: number, index: number): boolean {
  const end = Math.min(order.length, start + length);
  for (let i = start; i < end; i++) if (order[i] === index) return true;
  return false;
}
