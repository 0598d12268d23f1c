import * as tf from '@tensorflow/tfjs-core';
import { CblossError } from '../CblossError.js';
import type { StreamSplit } from '../data/stream/StreamDataset.js';
import type { DecodePool, StreamBatch } from '../data/stream/decodePool.js';
import { shardRange } from '../distributed/shardRange.js';
import type { BatchShard, BatchSource, PreparedMicroBatch } from './batchSource.js';

/** Options of {@link createStreamBatchSource}. */
export interface StreamBatchSourceOptions {
  /** The streamed training split (its file index). */
  readonly split: StreamSplit;
  /**
   * A pool over `split` in `'train'` mode whose `batchSize` holds a micro-batch: `batchSize / accumulate` samples, or
   * with `shard` at least the micro-batches of a rank's part (`min(batchSize / accumulate, ⌈batchSize / worldSize⌉)`).
   */
  readonly pool: DecodePool;
  /** Samples per SGD step (the global batch). */
  readonly batchSize: number;
  /** Micro-batches per step (gradient accumulation); must divide `batchSize`. Default 1. */
  readonly accumulate?: number;
  /**
   * Data-parallel training: this process is rank `rank` of `worldSize` and decodes only its contiguous part of each
   * global batch ({@link shardRange}), cut into micro-batches of at most `batchSize / accumulate`. Default: the whole
   * batch (one process).
   */
  readonly shard?: BatchShard;
}

/** One micro-batch of the epoch as this source cuts it: where it lies in the pool's order, and its step. */
interface MicroCut {
  readonly size: number;
  readonly step: number;
}

/**
 * The micro-batches of steps `firstBatch`… of an epoch: this rank's part of each step's samples (all of them in one
 * process) in order, each part cut into consecutive micro-batches of at most `micro` samples.
 * @example
 * // 10 samples, steps of 4, micro-batches of at most 2, rank 1 of 2: order[2, 4), [6, 8), [9, 10), one micro-batch each
 * cutEpoch(order, 4, 2, 0, { rank: 1, worldSize: 2 }).cuts // [{ size: 2, step: 0 }, { size: 2, step: 1 }, { size: 1, step: 2 }]
 */
function cutEpoch(order: Int32Array, batchSize: number, micro: number, firstBatch: number, shard: BatchShard | undefined): { order: Int32Array; cuts: MicroCut[] } {
  const steps = Math.ceil(order.length / batchSize);
  const parts: Int32Array[] = [];
  const cuts: MicroCut[] = [];
  for (let b = firstBatch; b < steps; b++) {
    const start = b * batchSize;
    const end = Math.min(order.length, start + batchSize);
    const [from, to] = shard ? shardRange(start, end, shard.rank, shard.worldSize) : [start, end];
    parts.push(order.subarray(from, to));
    for (let at = from; at < to; at += micro) cuts.push({ size: Math.min(micro, to - at), step: b });
  }
  const rankOrder = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    rankOrder.set(part, at);
    at += part.length;
  }
  return { order: rankOrder, cuts };
}

/**
 * The batches of a split streamed from disk: the decode pool's worker threads read, decode and preprocess
 * (random resized crop + flip, normalisation; each sample's randomness keyed by seed, epoch and sample index only) the
 * micro-batches of the trainer's order a few batches ahead, within the pool's `memoryBound`, while the main thread
 * trains; this source tags each with its step (of `batchSize` samples) and puts it on the backend
 * (`[n, size, size, 3]` float32) when the trainer reaches it. Resuming at `firstBatch` decodes the rest of the same
 * order, so a resumed run sees the same images with the same crops. Images skipped by the pool (`skipBadImages`) are
 * left out of their step; in one process a step with none left is left out, while with `shard` every rank yields one
 * empty micro-batch (`count` 0) for a step in which it has no image (an empty part of a small last batch, or all
 * skipped), since every rank takes part in every step's exchange.
 *
 * With `shard`, each rank decodes only its part of each global batch; as a sample's crop and flip depend on the seed,
 * the epoch and the sample alone, the ranks together see exactly the images one process sees.
 *
 * @example
 * const pool = createDecodePool(ds.train, { transform: { mode: 'train', size: 224 }, batchSize: 64, seed: 1 });
 * const source = createStreamBatchSource({ split: ds.train, pool, batchSize: 256, accumulate: 4 });
 */
export function createStreamBatchSource(options: StreamBatchSourceOptions): BatchSource {
  const { split, pool, batchSize, shard } = options;
  const accumulate = options.accumulate ?? 1;
  if (!Number.isInteger(accumulate) || accumulate < 1 || batchSize % accumulate !== 0) {
    throw new CblossError('invalid-argument', `createStreamBatchSource: 'accumulate' must be a positive integer dividing 'batchSize' (${batchSize}); got ${accumulate}.`);
  }
  if (shard !== undefined && !(Number.isInteger(shard.worldSize) && shard.worldSize >= 1 && Number.isInteger(shard.rank) && shard.rank >= 0 && shard.rank < shard.worldSize)) {
    throw new CblossError('invalid-argument', `createStreamBatchSource: 'shard' must have an integer rank in [0, worldSize − 1]; got rank ${shard.rank} of ${shard.worldSize}.`);
  }
  const micro = batchSize / accumulate;
  const size = pool.imageSize;
  const toTensors = (decoded: StreamBatch, batch: number, last: boolean): PreparedMicroBatch => ({
    input: tf.tensor4d(decoded.x, [...decoded.shape]),
    labels: tf.tensor1d(decoded.labels, 'int32'),
    count: decoded.count,
    batch,
    last,
  });
  const empty = (batch: number): PreparedMicroBatch => ({
    input: tf.tensor4d(new Float32Array(0), [0, size, size, 3]),
    labels: tf.tensor1d(new Int32Array(0), 'int32'),
    count: 0,
    batch,
    last: true,
  });
  return {
    labels: split.labels,
    count: split.count,
    ...(shard ? { shard } : {}),
    async *epoch(epoch, order, firstBatch): AsyncGenerator<PreparedMicroBatch, void, undefined> {
      const cut = cutEpoch(order, batchSize, micro, firstBatch, shard);
      const steps = Math.ceil(order.length / batchSize);
      // One decoded micro-batch is held back until the next one (or the end) says whether it ends its step. `through`:
      // the last step that has its micro-batches out or held; the steps after it and before the next decoded one got
      // no image on this rank (with `shard`, each gets an empty micro-batch).
      let held: { decoded: StreamBatch; step: number } | undefined;
      let through = firstBatch - 1;
      for await (const decoded of pool.epoch(epoch, cut.order, cut.cuts.map((c) => c.size))) {
        const step = cut.cuts[decoded.batch]!.step;
        if (held !== undefined) yield toTensors(held.decoded, held.step, held.step !== step);
        if (shard) for (let b = through + 1; b < step; b++) yield empty(b);
        held = { decoded, step };
        through = step;
      }
      if (held !== undefined) yield toTensors(held.decoded, held.step, true);
      if (shard) for (let b = through + 1; b < steps; b++) yield empty(b);
    },
    close: () => pool.close(),
  };
}
