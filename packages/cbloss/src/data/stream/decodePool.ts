import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CblossError } from '../../CblossError.js';
import { createRng } from '../../util/rng.js';
import type { DecodeDone, DecodeFailed, DecodeJob } from './decodeBatch.js';
import { IMAGE_DECODERS, type ImageDecoder } from './decodeImageFile.js';
import type { StreamSplit } from './StreamDataset.js';
import { resolveTransform, type StreamTransform } from './streamTransform.js';

/** Options of {@link createDecodePool}. */
export interface DecodePoolOptions {
  /** Preprocessing: `mode` ('train' | 'eval'), `size` (224), `cropPadding` (32), `normalization` (ImageNet). */
  readonly transform: Partial<StreamTransform> & Pick<StreamTransform, 'mode'>;
  readonly batchSize: number;
  /** Seed of the shuffling and of every sample's augmentation. */
  readonly seed: number;
  /** Worker threads. Default `min(4, cores − 1)`, at least 1. */
  readonly workers?: number;
  /** Batches decoded ahead (ready or being decoded): the memory bound. Default 2 per worker. */
  readonly prefetchBatches?: number;
  /** Shuffle the split each epoch (seeded by `seed` and the epoch). Default: true in 'train' mode. */
  readonly shuffle?: boolean;
  /** Leave out the last batch when it is not full. Default false. */
  readonly dropLast?: boolean;
  /** `'sharp'` (default, libjpeg-turbo) or `'jpeg-js'` (pure JavaScript); see `IMAGE_DECODERS`. */
  readonly decoder?: ImageDecoder;
  /** Skip missing/truncated/corrupt images (counted in `stats()`) instead of failing with an error naming the file. */
  readonly skipBadImages?: boolean;
  /** A batch not decoded within this time stops the pool with an error naming its files. Default 300 000 ms. */
  readonly batchTimeoutMs?: number;
}

/** A decoded, preprocessed batch: `x` is `[count, size, size, 3]` float32 (HWC), ready for `tf.tensor4d`. */
export interface StreamBatch {
  readonly x: Float32Array;
  readonly shape: readonly [number, number, number, number];
  readonly labels: Int32Array;
  /** The samples' indices in the split (the order of the epoch, less skipped images). */
  readonly indices: Int32Array;
  readonly count: number;
  /** Which batch of the epoch this is (0-based): batches whose images were all skipped are not yielded, so it may jump. */
  readonly batch: number;
}

/** What a pool has held and skipped so far. */
export interface DecodePoolStats {
  /** Bytes of batches decoded ahead right now (ready + being decoded). */
  readonly bufferedBytes: number;
  /** The most ever buffered: never above `memoryBound`. */
  readonly peakBufferedBytes: number;
  /** Files skipped (with `skipBadImages`) in the batches delivered so far, in epoch order, each with the reason (once per epoch). */
  readonly skipped: readonly { readonly path: string; readonly message: string }[];
}

/** A pool of worker threads decoding a split batch by batch, see {@link createDecodePool}. */
export interface DecodePool {
  /** The bound on decoded-ahead data: `prefetchBatches × batchSize × size² × 3 × 4` bytes. */
  readonly memoryBound: number;
  /** Side in pixels of the decoded images (`transform.size`): each batch is `[count, imageSize, imageSize, 3]`. */
  readonly imageSize: number;
  /** Batches per epoch for `count` samples. */
  batchesPerEpoch(count?: number): number;
  /**
   * The batches of one epoch in order. `order` (indices into the split, e.g. a rank's part of each global batch)
   * overrides the default order; `sizes` cuts it into consecutive batches of those sizes (each in [1, batchSize],
   * summing to `order.length`; `dropLast` does not apply) instead of batches of `batchSize`.
   */
  epoch(epoch: number, order?: Int32Array, sizes?: readonly number[]): AsyncGenerator<StreamBatch, void, undefined>;
  stats(): DecodePoolStats;
  /** Terminates the workers (idempotent). The pool cannot be used afterwards. */
  close(): Promise<void>;
}

/** The compiled worker script beside this module (from `src/`, as under vitest, the built one in `dist/`). */
function workerScript(): URL {
  const here = import.meta.url;
  const at = here.lastIndexOf('/src/');
  const url = here.endsWith('.ts') && at >= 0 ? new URL(`${here.slice(0, at)}/dist/${here.slice(at + 5).replace(/decodePool\.ts$/, 'decodeWorker.js')}`) : new URL('./decodeWorker.js', here);
  if (!existsSync(fileURLToPath(url))) {
    throw new CblossError('not-found', `createDecodePool: the worker script '${fileURLToPath(url)}' must exist (build the package first); got no such file.`);
  }
  return url;
}

function checkCount(fn: string, name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new CblossError('invalid-argument', `${fn}: '${name}' must be an integer ≥ ${min}; got ${value}.`);
  }
}

/**
 * Where each batch of `sizes` starts in the order, and one past the end (`undefined` without `sizes`), after checking
 * that the sizes are integers in [1, batchSize] adding up to the order's length.
 * @example batchStarts('createDecodePool', 5, 4, [2, 3]) // [0, 2, 5]
 */
function batchStarts(fn: string, length: number, batchSize: number, sizes: readonly number[] | undefined): number[] | undefined {
  if (sizes === undefined) return undefined;
  const starts = [0];
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1 || size > batchSize) {
      throw new CblossError('invalid-argument', `${fn}: 'sizes' must hold integers in [1, ${batchSize}] (the pool's batchSize); got ${size}.`);
    }
    starts.push(starts.at(-1)! + size);
  }
  if (starts.at(-1) !== length) throw new CblossError('invalid-argument', `${fn}: 'sizes' must add up to the order's length (${length}); got ${starts.at(-1)}.`);
  return starts;
}

interface Slot {
  readonly worker: Worker;
  readonly id: number;
  busy?: { readonly job: number; readonly files: readonly string[]; readonly timer: NodeJS.Timeout };
}

/**
 * Starts a pool of `node:worker_threads` that read, decode (JPEG/PNG) and preprocess the images of a
 * streamed split a few batches ahead of training, so a dataset of any size trains with bounded memory.
 *
 * - **Memory bound**: at most `prefetchBatches` batches are decoded ahead (ready, or reserved by a worker
 *   decoding them), i.e. `memoryBound = prefetchBatches × batchSize × size² × 3 × 4` bytes whatever the
 *   dataset's size (`stats().peakBufferedBytes` ≤ `memoryBound`); beyond it only the batch the consumer holds
 *   and, per worker, the one image being decoded (`W × H × 4` bytes) and its file.
 * - **Deterministic**: the epoch order is a permutation seeded by (`seed`, epoch) and every sample's crop and
 *   flip come from `sampleRng(seed, epoch, index)`, so the batches are bit-identical for any number of workers.
 * - **Bad files**: a missing, truncated or corrupt image ends the epoch with a `CblossError` naming the file
 *   (`not-found` / `invalid-file`), or with `skipBadImages` is left out and listed in `stats().skipped`. A
 *   worker that crashes or exceeds `batchTimeoutMs` stops the pool with an error naming the batch's files;
 *   nothing waits forever. Workers are unreferenced while idle, so a forgotten `close()` never keeps Node alive.
 *
 * @example
 * const pool = createDecodePool(ds.train, { transform: { mode: 'train', size: 224 }, batchSize: 64, seed: 1, workers: 2 });
 * for await (const batch of pool.epoch(0)) {
 *   const x = tf.tensor4d(batch.x, [...batch.shape]); // train on x, batch.labels
 * }
 * await pool.close();
 */
export function createDecodePool(split: StreamSplit, options: DecodePoolOptions): DecodePool {
  const fn = 'createDecodePool';
  const transform = resolveTransform(options.transform);
  const { batchSize, seed, dropLast = false, skipBadImages = false, batchTimeoutMs = 300_000, decoder = 'sharp' } = options;
  if (!IMAGE_DECODERS.includes(decoder)) throw new CblossError('invalid-argument', `${fn}: 'decoder' must be one of ${IMAGE_DECODERS.join(', ')}; got '${decoder}'.`);
  checkCount(fn, 'batchSize', batchSize, 1);
  checkCount(fn, 'workers', options.workers, 1);
  checkCount(fn, 'prefetchBatches', options.prefetchBatches, 1);
  checkCount(fn, 'batchTimeoutMs', batchTimeoutMs, 1);
  if (!Number.isInteger(seed)) throw new CblossError('invalid-argument', `${fn}: 'seed' must be an integer; got ${seed}.`);
  const numWorkers = options.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  const prefetch = options.prefetchBatches ?? 2 * numWorkers;
  const shuffle = options.shuffle ?? transform.mode === 'train';
  const sampleSize = transform.size * transform.size * 3;
  const batchBytes = batchSize * sampleSize * Float32Array.BYTES_PER_ELEMENT;
  const script = workerScript();

  let buffered = 0;
  let peak = 0;
  const skipped: { path: string; message: string }[] = [];
  let failure: Error | undefined;
  let closed = false;
  let nextJob = 0;
  /** Result handlers of the jobs in flight, by job id. */
  const pending = new Map<number, (result: DecodeDone | DecodeFailed) => void>();
  /** Called whenever a worker becomes free or something fails: lets the running epoch move on. */
  let onChange: () => void = () => {};

  const fail = (error: Error): void => {
    failure ??= error;
    onChange();
  };

  const slots: Slot[] = Array.from({ length: numWorkers }, (_, id) => {
    const worker = new Worker(script);
    const slot: Slot = { worker, id };
    worker.unref();
    const describe = (): string => (slot.busy ? `batch of '${slot.busy.files[0]}' … '${slot.busy.files.at(-1)}'` : 'no batch');
    worker.on('message', (result: DecodeDone | DecodeFailed) => {
      if (slot.busy) clearTimeout(slot.busy.timer);
      slot.busy = undefined;
      worker.unref();
      const handler = pending.get(result.job);
      pending.delete(result.job);
      handler?.(result);
      onChange();
    });
    worker.on('error', (e) => fail(new CblossError('invalid-file', `${fn}: worker ${id} must decode its ${describe()}; got a crash: '${e.message}'.`)));
    worker.on('exit', (code) => {
      if (!closed) fail(new CblossError('invalid-file', `${fn}: worker ${id} must keep running while decoding its ${describe()}; got exit code ${code}.`));
    });
    return slot;
  });

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const slot of slots) if (slot.busy) clearTimeout(slot.busy.timer);
    // terminate() resolves on the worker's 'exit', which an unreferenced (idle) worker's handle does not wait for: with
    // nothing else pending, Node could end the process while awaiting it (exit code 13, an unsettled top-level await;
    // seen once on a rank of a Ctrl-C'd data-parallel run under load). Referenced, the loop waits for the exit.
    await Promise.all(
      slots.map((s) => {
        s.worker.ref();
        return s.worker.terminate();
      }),
    );
  };

  const batchesPerEpoch = (count = split.count): number => (dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize));

  const defaultOrder = (epoch: number): Int32Array => {
    const order = Int32Array.from({ length: split.count }, (_, i) => i);
    return shuffle ? createRng(seed).fork(`order/epoch-${epoch}`).shuffle(order) : order;
  };

  let running = false;

  async function* epoch(epochIndex: number, order?: Int32Array, sizes?: readonly number[]): AsyncGenerator<StreamBatch, void, undefined> {
    if (!Number.isInteger(epochIndex) || epochIndex < 0) throw new CblossError('invalid-argument', `${fn}: 'epoch' must be an integer ≥ 0; got ${epochIndex}.`);
    if (closed) throw new CblossError('invalid-argument', `${fn}: the pool must be open to start an epoch; got a closed pool.`);
    if (running) throw new CblossError('invalid-argument', `${fn}: one epoch must finish before the next starts; got epoch ${epochIndex} while another runs.`);
    const indices = order ?? defaultOrder(epochIndex);
    const bad = indices.findIndex((i) => !Number.isInteger(i) || i < 0 || i >= split.count);
    if (bad >= 0) throw new CblossError('invalid-argument', `${fn}: 'order' must hold indices in [0, ${split.count}); got ${indices[bad]} at position ${bad}.`);
    const starts = batchStarts(fn, indices.length, batchSize, sizes) ?? [];
    running = true;
    const numBatches = sizes === undefined ? batchesPerEpoch(indices.length) : sizes.length;
    const range = (batch: number): [number, number] =>
      sizes === undefined ? [batch * batchSize, Math.min((batch + 1) * batchSize, indices.length)] : [starts[batch]!, starts[batch + 1]!];
    const ready = new Map<number, DecodeDone | DecodeFailed>();
    let reserved = 0; // batches ready or being decoded for this epoch
    let nextDispatch = 0;
    let abandoned = false;
    let wake: (() => void) | undefined;

    const dispatch = (slot: Slot, batch: number): void => {
      const members = Array.from(indices.subarray(...range(batch)));
      const job: DecodeJob = { job: nextJob++, epoch: epochIndex, seed, transform, skipBadImages, decoder, indices: members, paths: members.map((i) => split.paths[i] as string) };
      reserved++;
      buffered += batchBytes;
      peak = Math.max(peak, buffered);
      pending.set(job.job, (result) => {
        if (abandoned) {
          reserved--;
          buffered -= batchBytes;
        } else ready.set(batch, result);
      });
      const timer = setTimeout(() => {
        fail(new CblossError('invalid-file', `${fn}: the batch of '${job.paths[0]}' … '${job.paths.at(-1)}' must decode within ${batchTimeoutMs} ms; got no answer from worker ${slot.id}.`));
      }, batchTimeoutMs);
      timer.unref();
      slot.busy = { job: job.job, files: job.paths, timer };
      slot.worker.ref();
      slot.worker.postMessage(job);
    };

    const pump = (): void => {
      const stop = failure !== undefined || [...ready.values()].some((r) => r.type === 'failed');
      while (!abandoned && !stop && reserved < prefetch && nextDispatch < numBatches) {
        const slot = slots.find((s) => s.busy === undefined);
        if (slot === undefined) return;
        dispatch(slot, nextDispatch++);
      }
    };

    onChange = () => {
      pump();
      wake?.();
    };
    try {
      for (let batch = 0; batch < numBatches; batch++) {
        pump();
        while (!ready.has(batch) && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (failure !== undefined) throw failure;
        const done = ready.get(batch) as DecodeDone | DecodeFailed;
        // A bad file is reported when its batch is due, so the error does not depend on worker timing.
        if (done.type === 'failed') throw new CblossError(done.code, done.message);
        ready.delete(batch);
        reserved--;
        buffered -= batchBytes;
        skipped.push(...done.skipped); // in batch order, whatever order the workers finished in
        pump(); // the workers go on while the consumer trains on this batch
        const count = done.kept.length;
        if (count === 0) continue;
        yield {
          x: done.data.subarray(0, count * sampleSize),
          shape: [count, transform.size, transform.size, 3],
          labels: done.kept.map((i) => split.labels[i] as number),
          indices: done.kept,
          count,
          batch,
        };
      }
    } catch (e) {
      await close();
      throw e;
    } finally {
      // Batches still decoding for an epoch left early release their reservation when they arrive.
      abandoned = true;
      buffered -= ready.size * batchBytes;
      reserved -= ready.size;
      ready.clear();
      running = false;
    }
  }

  return {
    memoryBound: prefetch * batchBytes,
    imageSize: transform.size,
    batchesPerEpoch,
    epoch,
    stats: () => ({ bufferedBytes: buffered, peakBufferedBytes: peak, skipped: [...skipped] }),
    close,
  };
}
