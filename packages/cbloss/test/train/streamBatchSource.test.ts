import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleEpoch } from 'class-balanced-loss/core';
import { createDecodePool, type DecodePool } from '../../src/data/stream/decodePool.js';
import type { StreamSplit } from '../../src/data/stream/StreamDataset.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
import type { BatchShard } from '../../src/train/batchSource.js';
import { createStreamBatchSource } from '../../src/train/streamBatchSource.js';
import { trainModel, type BatchLoss, type StepRecord, type TrainModelOptions } from '../../src/train/trainModel.js';
import { TrainingInterruptedError } from '../../src/train/TrainingInterruptedError.js';
import { tempDir } from '../data/tempDir.js';
import { jpegSplit, sampleJpegs } from '../data/stream/jpegFixtures.js';

// The decode workers run the built dist/data/stream/decodeWorker.js (`npm test` builds first).

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SIZE = 8;
const C = 3;
const jpegs = sampleJpegs(C);
const pools: DecodePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function model(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [SIZE, SIZE, 3], filters: 4, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tfl.initializers.heNormal({ seed }) }),
      tfl.layers.batchNormalization(),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: C, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

const crossEntropy: BatchLoss = (labels, logits) =>
  tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, C), tf.logSoftmax(logits)), 1))) as tf.Scalar);

function options(m: tfl.LayersModel, split: StreamSplit, pool: { workers?: number; accumulate?: number; skipBadImages?: boolean } = {}, extra: Partial<TrainModelOptions> = {}): TrainModelOptions {
  const accumulate = pool.accumulate ?? 1;
  const p = createDecodePool(split, {
    transform: { mode: 'train', size: SIZE },
    batchSize: 6 / accumulate,
    seed: 3,
    workers: pool.workers ?? 1,
    shuffle: false,
    ...(pool.skipBadImages ? { skipBadImages: true } : {}),
  });
  pools.push(p);
  return {
    model: m, train: createStreamBatchSource({ split, pool: p, batchSize: 6, accumulate }), sampleShape: [SIZE, SIZE, 3], loss: crossEntropy, epochs: 2,
    batchSize: 6, accumulate, learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3, warmupEpochs: 0, augment: false, seed: 3, log: () => undefined,
    progressBar: false, ...extra,
  };
}

const weightsOf = (m: tfl.LayersModel): number[][] => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('trainModel on images streamed from disk (createStreamBatchSource)', () => {
  it('gives the same numbers with 1 or 2 decode workers and with or without preparing ahead', async () => {
    const split = jpegSplit(tempDir(), 20, jpegs); // 20 images: steps of 6, 6, 6, 2
    const runs: { losses: number[]; weights: number[][] }[] = [];
    for (const [workers, prefetch] of [[1, 0], [2, 2]] as const) {
      const m = model(1);
      const losses: number[] = [];
      await trainModel(options(m, split, { workers }, { prefetch, onStep: (s) => losses.push(s.loss) }));
      runs.push({ losses, weights: weightsOf(m) });
      m.dispose();
    }
    expect(runs[0]!.losses).toHaveLength(8);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('resumes a run stopped in the middle of an epoch to the same weights (same images, same crops)', async () => {
    const split = jpegSplit(tempDir(), 20, jpegs);
    const dir = tempDir();
    const reference = model(1);
    const full = await trainModel(options(reference, split));
    const controller = new AbortController();
    const first = model(1);
    const stop = (s: StepRecord): void => {
      if (s.epoch === 1 && s.batch === 1) controller.abort();
    };
    await expect(trainModel(options(first, split, {}, { signal: controller.signal, checkpointDir: dir, onStep: stop }))).rejects.toBeInstanceOf(TrainingInterruptedError);
    const checkpoint = await loadCheckpoint(dir);
    expect([checkpoint.progress.epoch, checkpoint.progress.batch]).toEqual([1, 2]);
    const second = model(1);
    const resumed = await trainModel(options(second, split, {}, { checkpointDir: dir, resumeFrom: checkpoint }));
    expect(resumed.history.map((r) => [r.loss, r.trainAccuracy])).toEqual(full.history.map((r) => [r.loss, r.trainAccuracy]));
    expect(weightsOf(second)).toEqual(weightsOf(reference));
    for (const m of [reference, first, second]) m.dispose();
  });

  it('groups micro-batches into steps and leaves out skipped images (a whole micro-batch too), counting the samples it trained on', async () => {
    const dir = tempDir();
    const split = jpegSplit(dir, 20, jpegs);
    // Micro-batches of 2: the images at positions 4 and 5 of the epoch's order are the whole third micro-batch of step 0.
    const order = sampleEpoch(split.labels, { sampler: 'instance', seed: 3, epoch: 0, numEpochs: 1 });
    const bad = [split.paths[order[4]!]!, split.paths[order[5]!]!];
    writeFileSync(bad[0]!, Buffer.from('not a jpeg'));
    writeFileSync(bad[1]!, Buffer.from('not a jpeg either'));
    const m = model(1);
    const steps: StepRecord[] = [];
    const before = tf.memory().numTensors;
    const { history } = await trainModel(options(m, split, { accumulate: 3, skipBadImages: true }, { epochs: 1, onStep: (s) => steps.push(s) }));
    expect(steps.map((s) => s.batch)).toEqual([0, 1, 2, 3]);
    expect(history[0]!.imagesPerSecond).toBeGreaterThan(0);
    expect(pools[0]!.stats().skipped.map((s) => s.path)).toEqual(bad);
    // 18 images trained on, steps of 4, 6, 6, 2: the epoch's mean loss weights each step by the samples it had.
    const counts = [4, 6, 6, 2];
    expect(history[0]!.loss).toBeCloseTo(steps.reduce((sum, s, i) => sum + s.loss * counts[i]!, 0) / 18, 12);
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});

/** What a source yields in one epoch, step by step: the pixels and labels of its micro-batches, their sizes, and how many end the step. */
interface Step {
  x: number[];
  labels: number[];
  sizes: number[];
  lasts: number;
}

async function stepsOf(split: StreamSplit, o: { batchSize: number; accumulate: number; shard?: BatchShard; skipBadImages?: boolean }, epoch: number, order: Int32Array, firstBatch = 0): Promise<Map<number, Step>> {
  const worldSize = o.shard?.worldSize ?? 1;
  const p = createDecodePool(split, {
    transform: { mode: 'train', size: SIZE },
    batchSize: Math.min(o.batchSize / o.accumulate, Math.ceil(o.batchSize / worldSize)),
    seed: 3,
    workers: 1,
    shuffle: false,
    ...(o.skipBadImages ? { skipBadImages: true } : {}),
  });
  pools.push(p);
  const source = createStreamBatchSource({ split, pool: p, batchSize: o.batchSize, accumulate: o.accumulate, ...(o.shard ? { shard: o.shard } : {}) });
  expect(source.shard).toEqual(o.shard);
  const steps = new Map<number, Step>();
  for await (const micro of source.epoch(epoch, order, firstBatch)) {
    const step = steps.get(micro.batch) ?? { x: [], labels: [], sizes: [], lasts: 0 };
    expect(micro.input.shape).toEqual([micro.count, SIZE, SIZE, 3]);
    step.x.push(...micro.input.dataSync());
    step.labels.push(...micro.labels.dataSync());
    step.sizes.push(micro.count);
    step.lasts += micro.last ? 1 : 0;
    steps.set(micro.batch, step);
    micro.input.dispose();
    micro.labels.dispose();
  }
  return steps;
}

/** The ranks' steps put together in rank order: what one process's steps must be. */
function together(ranks: Map<number, Step>[]): Map<number, Step> {
  const out = new Map<number, Step>();
  for (const rank of ranks) {
    for (const [b, step] of rank) {
      const all = out.get(b) ?? { x: [], labels: [], sizes: [], lasts: 0 };
      all.x.push(...step.x);
      all.labels.push(...step.labels);
      all.sizes.push(step.sizes.reduce((a, n) => a + n, 0));
      out.set(b, all);
    }
  }
  return out;
}

describe('createStreamBatchSource with shard (data-parallel): each rank decodes its part of every global batch', () => {
  const check = (one: Map<number, Step>, ranks: Map<number, Step>[]): void => {
    const joined = together(ranks);
    expect([...joined.keys()]).toEqual([...one.keys()]);
    for (const [b, step] of one) {
      expect(joined.get(b)!.labels).toEqual(step.labels);
      // The same images with the same crops and flips (keyed by seed, epoch and sample only), bit for bit.
      expect(joined.get(b)!.x).toEqual(step.x);
    }
    // Every rank takes part in every step, and ends each one exactly once.
    for (const rank of ranks) {
      expect([...rank.keys()]).toEqual([...one.keys()]);
      for (const step of rank.values()) expect(step.lasts).toBe(1);
    }
  };

  it('the ranks’ parts of every step are one process’s step, in micro-batches of at most batchSize / accumulate; a rank with no sample in a step yields one empty micro-batch; resuming at a step cuts the same', async () => {
    const split = jpegSplit(tempDir(), 20, jpegs); // steps of 6, 6, 6, 2
    const order = sampleEpoch(split.labels, { sampler: 'instance', seed: 3, epoch: 1, numEpochs: 2 });
    const o = { batchSize: 6, accumulate: 3 };
    const one = await stepsOf(split, o, 1, order);
    expect([...one.values()].map((s) => s.sizes)).toEqual([[2, 2, 2], [2, 2, 2], [2, 2, 2], [2]]);
    // 2 ranks: parts of 3 = micro-batches of 2 + 1; the last step's 2 split 1 / 1.
    const two = await Promise.all([0, 1].map((rank) => stepsOf(split, { ...o, shard: { rank, worldSize: 2 } }, 1, order)));
    expect([...two[0]!.values()].map((s) => s.sizes)).toEqual([[2, 1], [2, 1], [2, 1], [1]]);
    check(one, two);
    // 3 ranks: the last step's 2 samples go to ranks 1 and 2; rank 0 yields an empty micro-batch for it.
    const three = await Promise.all([0, 1, 2].map((rank) => stepsOf(split, { ...o, shard: { rank, worldSize: 3 } }, 1, order)));
    expect(three[0]!.get(3)!.sizes).toEqual([0]);
    check(one, three);
    // Resumed at step 2: the same steps 2 and 3.
    const resumed = await Promise.all([0, 1].map((rank) => stepsOf(split, { ...o, shard: { rank, worldSize: 2 } }, 1, order, 2)));
    check(new Map([...one].filter(([b]) => b >= 2)), resumed);
  });

  it('a rank whose images in a step were all skipped yields an empty micro-batch for it; the ranks still make one process’s steps', async () => {
    const dir = tempDir();
    const split = jpegSplit(dir, 20, jpegs);
    const order = sampleEpoch(split.labels, { sampler: 'instance', seed: 3, epoch: 0, numEpochs: 1 });
    // Positions 4 and 5 of step 0: rank 2's whole part of it with 3 ranks.
    writeFileSync(split.paths[order[4]!]!, Buffer.from('not a jpeg'));
    writeFileSync(split.paths[order[5]!]!, Buffer.from('not a jpeg either'));
    const o = { batchSize: 6, accumulate: 1, skipBadImages: true };
    const one = await stepsOf(split, o, 0, order);
    expect(one.get(0)!.sizes).toEqual([4]);
    const three = await Promise.all([0, 1, 2].map((rank) => stepsOf(split, { ...o, shard: { rank, worldSize: 3 } }, 0, order)));
    expect(three[2]!.get(0)!.sizes).toEqual([0]);
    check(one, three);
  });

  it('refuses a shard outside the group, and trainModel refuses a source whose shard is not its rank’s', async () => {
    const split = jpegSplit(tempDir(), 4, jpegs);
    const p = createDecodePool(split, { transform: { mode: 'train', size: SIZE }, batchSize: 2, seed: 3, workers: 1 });
    pools.push(p);
    expect(() => createStreamBatchSource({ split, pool: p, batchSize: 4, shard: { rank: 2, worldSize: 2 } })).toThrow(
      "createStreamBatchSource: 'shard' must have an integer rank in [0, worldSize − 1]; got rank 2 of 2.",
    );
    const m = model(1);
    const fake = { rank: 1, worldSize: 2, sum: async () => [], broadcast: async () => [], barrier: async () => {} };
    await expect(trainModel({ ...options(m, split), distributed: fake })).rejects.toThrow(
      "trainModel: 'train' must prepare this rank's part of each global batch with 'distributed' (shard rank 1 of 2); got a source of whole batches.",
    );
    const other = createStreamBatchSource({ split, pool: p, batchSize: 4, shard: { rank: 0, worldSize: 2 } });
    await expect(trainModel({ ...options(m, split), train: other, distributed: fake })).rejects.toThrow('got rank 0 of 2.');
    m.dispose();
  });
});
