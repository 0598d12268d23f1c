import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleEpoch } from 'class-balanced-loss/core';
import { createDecodePool, type DecodePool } from '../../src/data/stream/decodePool.js';
import type { StreamSplit } from '../../src/data/stream/StreamDataset.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
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
