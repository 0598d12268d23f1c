import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeBatch, type PreparedMicroBatch } from '../../src/train/batchSource.js';
import { createMemoryBatchSource, type MemoryBatchSourceOptions } from '../../src/train/memoryBatchSource.js';
import type { DataSplit } from '../../src/types.js';
import { createRng } from '../../src/util/rng.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPE = [4, 4, 3];
const SIZE = 4 * 4 * 3;

/** `count` random images; their labels are their indices, so a batch names the samples it holds. */
function images(count: number): DataSplit {
  const rng = createRng(2);
  return { x: Uint8Array.from({ length: count * SIZE }, () => rng.int(256)), labels: Int32Array.from({ length: count }, (_, i) => i), count };
}

/** Each step's samples as one source prepares them: labels and input values, micro-batches concatenated, per step. */
async function steps(options: Omit<MemoryBatchSourceOptions, 'rng' | 'toInput' | 'sampleShape'>, order: Int32Array): Promise<{ labels: number[]; input: number[]; micro: number[] }[]> {
  const source = createMemoryBatchSource({
    ...options,
    sampleShape: SHAPE,
    rng: createRng(9),
    toInput: (x, count) => tf.tensor(x, [count, ...SHAPE], 'int32'),
  });
  const out: { labels: number[]; input: number[]; micro: number[] }[] = [];
  for await (const m of source.epoch(0, order, 0) as AsyncGenerator<PreparedMicroBatch>) {
    const step = out[m.batch] ?? (out[m.batch] = { labels: [], input: [], micro: [] });
    step.labels.push(...m.labels.dataSync());
    step.input.push(...m.input.dataSync());
    step.micro.push(m.count);
    disposeBatch(m);
  }
  return out;
}

describe('createMemoryBatchSource with shard (data-parallel)', () => {
  it('the ranks’ parts of every global batch, in rank order, are one process’s batch with the same augmentation; accumulation cuts each part into micro-batches of at most batchSize / accumulate; a rank with no samples gets one empty micro-batch', async () => {
    const split = images(23);
    const order = Int32Array.from({ length: 23 }, (_, i) => (i * 7) % 23);
    const common = { split, batchSize: 8, augment: true };
    const whole = await steps(common, order);
    expect(whole.map((s) => s.labels.length)).toEqual([8, 8, 7]);
    const before = tf.memory().numTensors;
    for (const worldSize of [2, 3]) {
      const ranks = await Promise.all(Array.from({ length: worldSize }, (_, rank) => steps({ ...common, accumulate: 4, shard: { rank, worldSize } }, order)));
      whole.forEach((step, b) => {
        expect(ranks.flatMap((r) => r[b]!.labels)).toEqual(step.labels);
        expect(ranks.flatMap((r) => r[b]!.input)).toEqual(step.input);
        for (const r of ranks) for (const n of r[b]!.micro) expect(n).toBeLessThanOrEqual(2);
      });
    }
    // 3 ranks of a batch of 2 (the last of 23 with batches of 7): rank 0 holds none and still yields its step.
    const ranks = await Promise.all([0, 1, 2].map((rank) => steps({ split, batchSize: 7, augment: true, shard: { rank, worldSize: 3 } }, order)));
    expect(ranks.map((r) => r[3]!.micro)).toEqual([[0], [1], [1]]);
    expect(ranks.map((r) => r.length)).toEqual([4, 4, 4]);
    expect(tf.memory().numTensors).toBe(before);
    // Control: without the skip of the earlier ranks' draws, rank 1's crops would be those of the batch's first images.
    const rank1 = await steps({ ...common, shard: { rank: 1, worldSize: 2 } }, order);
    const alone = await steps(common, order.subarray(4, 8));
    expect(rank1[0]!.labels).toEqual(alone[0]!.labels);
    expect(rank1[0]!.input).not.toEqual(alone[0]!.input);
  });
});
