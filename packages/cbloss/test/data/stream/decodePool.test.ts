import { CblossError } from '../../../src/CblossError.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDecodePool, type DecodePool, type DecodePoolOptions, type StreamBatch } from '../../../src/data/stream/decodePool.js';
import type { StreamSplit } from '../../../src/data/stream/StreamDataset.js';
import { tempDir } from '../tempDir.js';
import { badFiles, jpegSplit, sampleJpegs } from './jpegFixtures.js';

// The workers run the built dist/data/stream/decodeWorker.js (`npm test` builds first).

const jpegs = sampleJpegs(3);
const pools: DecodePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(split: StreamSplit, options: Partial<DecodePoolOptions> = {}): DecodePool {
  const p = createDecodePool(split, { transform: { mode: 'train', size: 8 }, batchSize: 4, seed: 5, workers: 2, ...options });
  pools.push(p);
  return p;
}

async function collect(p: DecodePool, epoch = 0, order?: Int32Array): Promise<StreamBatch[]> {
  const out: StreamBatch[] = [];
  for await (const batch of p.epoch(epoch, order)) out.push(batch);
  return out;
}

const concat = (batches: StreamBatch[], key: 'x' | 'indices' | 'labels'): number[] => batches.flatMap((b) => Array.from(b[key]));

describe('createDecodePool', () => {
  it('cuts the order into batches of the given sizes (a rank’s micro-batches), numbered, with the pixels of the default cut', async () => {
    const split = jpegSplit(tempDir(), 10, jpegs);
    const order = Int32Array.from([9, 3, 5, 0, 1, 7, 2]);
    const whole = await collect(pool(split, { batchSize: 4 }), 1, order);
    const p = pool(split, { batchSize: 4 });
    const cut: StreamBatch[] = [];
    for await (const batch of p.epoch(1, order, [1, 4, 2])) cut.push(batch);
    expect(cut.map((b) => [b.batch, b.count, Array.from(b.indices)])).toEqual([[0, 1, [9]], [1, 4, [3, 5, 0, 1]], [2, 2, [7, 2]]]);
    expect(whole.map((b) => b.batch)).toEqual([0, 1]);
    expect(concat(cut, 'x')).toEqual(concat(whole, 'x'));
    const bad = async (sizes: number[]): Promise<void> => {
      for await (const _ of p.epoch(1, order, sizes)) break;
    };
    await expect(bad([5, 2])).rejects.toThrow("createDecodePool: 'sizes' must hold integers in [1, 4] (the pool's batchSize); got 5.");
    await expect(bad([0, 4, 3])).rejects.toThrow('got 0.');
    await expect(bad([4, 2])).rejects.toThrow("createDecodePool: 'sizes' must add up to the order's length (7); got 6.");
  });

  it('gives bit-identical batches with 1 or 2 workers, every sample once per epoch, shuffled per epoch', async () => {
    const split = jpegSplit(tempDir(), 10, jpegs);
    const one = await collect(pool(split, { workers: 1 }));
    const two = await collect(pool(split, { workers: 2 }));
    expect(one.map((b) => b.count)).toEqual([4, 4, 2]);
    expect(one[0]!.shape).toEqual([4, 8, 8, 3]);
    expect(concat(two, 'x')).toEqual(concat(one, 'x'));
    expect(concat(two, 'indices')).toEqual(concat(one, 'indices'));
    const indices = concat(one, 'indices');
    expect([...indices].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(indices).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(concat(one, 'labels')).toEqual(indices.map((i) => i % 3));
    const p = pool(split, { workers: 2 });
    const epoch1 = concat(await collect(p, 1), 'indices');
    expect(epoch1).not.toEqual(indices);
    expect(concat(await collect(p, 0), 'indices')).toEqual(indices); // epochs are reproducible on one pool too
  });

  it('holds its memory bound on a dataset larger than the bound, with a slow consumer', async () => {
    const split = jpegSplit(tempDir(), 24, jpegs);
    const p = pool(split, { prefetchBatches: 1, workers: 2, batchSize: 3 });
    const batchBytes = 3 * 8 * 8 * 3 * 4;
    expect(p.memoryBound).toBe(batchBytes);
    let delivered = 0;
    for await (const batch of p.epoch(0)) {
      delivered += batch.x.byteLength;
      expect(p.stats().bufferedBytes).toBeLessThanOrEqual(p.memoryBound);
      await new Promise((r) => setTimeout(r, 20)); // the workers would run ahead if nothing held them
    }
    expect(delivered).toBe(8 * batchBytes);
    expect(delivered).toBeGreaterThan(4 * p.memoryBound);
    expect(p.stats().peakBufferedBytes).toBe(p.memoryBound);
    // With a bound of 3 batches the workers do run ahead, up to the bound and never past it.
    const ahead = pool(split, { prefetchBatches: 3, workers: 2, batchSize: 3 });
    for await (const _ of ahead.epoch(0)) await new Promise((r) => setTimeout(r, 20));
    expect(ahead.stats().peakBufferedBytes).toBeGreaterThan(batchBytes);
    expect(ahead.stats().peakBufferedBytes).toBeLessThanOrEqual(ahead.memoryBound);
  });

  it('decodes a given order (a rank’s shard) and keeps the last partial batch unless dropLast', async () => {
    const split = jpegSplit(tempDir(), 9, jpegs);
    const shard = Int32Array.from([8, 6, 4, 2, 0]);
    expect(concat(await collect(pool(split), 0, shard), 'indices')).toEqual([8, 6, 4, 2, 0]);
    const dropped = await collect(pool(split, { dropLast: true }), 0, shard);
    expect(dropped.map((b) => b.count)).toEqual([4]);
    await expect(collect(pool(split), 0, Int32Array.from([9]))).rejects.toThrow("createDecodePool: 'order' must hold indices in [0, 9); got 9 at position 0.");
  });

  it('a bad file ends the epoch with an error naming it (no hang), or with skipBadImages is skipped and counted', async () => {
    const dir = tempDir();
    const good = jpegSplit(dir, 6, jpegs);
    const bad = badFiles(dir, jpegs[0]!);
    const paths = [...good.paths, bad.truncated, bad.missing, bad.corrupt];
    const split: StreamSplit = { paths, labels: Int32Array.from(paths, (_, i) => i % 3), count: paths.length };
    const order = Int32Array.from(paths, (_, i) => i);
    const failing = pool(split);
    const error = await collect(failing, 0, order).then(
      () => undefined,
      (e: unknown) => e as CblossError,
    );
    expect(error).toBeInstanceOf(CblossError);
    expect(error?.message).toContain(`'${bad.truncated}'`);
    await expect(collect(failing, 1)).rejects.toThrow('must be open'); // the failed pool is closed
    const skipping = pool(split, { skipBadImages: true });
    const batches = await collect(skipping, 0, order);
    expect(concat(batches, 'indices')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(skipping.stats().skipped.map((s) => s.path)).toEqual([bad.truncated, bad.missing, bad.corrupt]);
  });

  it('a batch that takes longer than batchTimeoutMs stops the pool with an error naming its files', async () => {
    const split = jpegSplit(tempDir(), 4, jpegs);
    const p = pool(split, { batchTimeoutMs: 1, transform: { mode: 'train', size: 512 }, batchSize: 4 });
    await expect(collect(p)).rejects.toThrow(/createDecodePool: the batch of '.*' … '.*' must decode within 1 ms; got no answer from worker \d\./);
  });

  it('can stop an epoch early and start the next; rejects bad options', async () => {
    const split = jpegSplit(tempDir(), 12, jpegs);
    const p = pool(split, { batchSize: 2, prefetchBatches: 4 });
    for await (const _ of p.epoch(0)) break;
    expect(concat(await collect(p, 1), 'indices').length).toBe(12);
    expect(() => createDecodePool(split, { transform: { mode: 'train' }, batchSize: 0, seed: 1 })).toThrow(
      "createDecodePool: 'batchSize' must be an integer ≥ 1; got 0.",
    );
    expect(() => createDecodePool(split, { transform: { mode: 'train', size: 0 }, batchSize: 2, seed: 1 })).toThrow(
      "resolveTransform: 'size' must be a positive integer; got 0.",
    );
    await p.close();
    await p.close();
  });
});
