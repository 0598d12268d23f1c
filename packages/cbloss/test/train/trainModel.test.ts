import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CblossError } from '../../src/CblossError.js';
import type { DataSplit, EpochRecord } from '../../src/types.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
import { learningRateAt } from '../../src/train/learningRate.js';
import { trainModel, type BatchLoss, type StepRecord, type TrainModelOptions } from '../../src/train/trainModel.js';
import { TrainingInterruptedError } from '../../src/train/TrainingInterruptedError.js';
import { TINY_CLASSES, TINY_IMAGE, tinyConvNet, tinyImages } from './tinyImages.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbloss-train-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const IMAGE = TINY_IMAGE;
const NUM_CLASSES = TINY_CLASSES;
const images = tinyImages;
/** A tiny conv net with batch norm (so moving statistics are part of the state), seeded initialisers. */
const tinyModel = (seed: number): tfl.LayersModel => tinyConvNet(seed, true);

const crossEntropy: BatchLoss = (labels, logits) =>
  tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, NUM_CLASSES), tf.logSoftmax(logits)), 1))) as tf.Scalar);

const train = images(45, 1); // 45 samples, batch 8: 6 batches per epoch, the last one of 5

function baseOptions(model: tfl.LayersModel, extra: Partial<TrainModelOptions> = {}): TrainModelOptions {
  return {
    model,
    train,
    sampleShape: IMAGE,
    loss: crossEntropy,
    epochs: 3,
    batchSize: 8,
    learningRate: 0.1,
    momentum: 0.9,
    weightDecay: 1e-3,
    warmupEpochs: 5,
    augment: true,
    seed: 7,
    log: () => undefined,
    progressBar: false,
    evaluate: () => 100 * Math.random(), // replaced below where the value matters
    ...extra,
  };
}

/** The numbers of a history that must not depend on interruptions (not the timings). */
function numbers(history: readonly EpochRecord[]): unknown[] {
  return history.map((r) => [r.epoch, r.loss, r.trainAccuracy, r.learningRate, r.testError]);
}

function weightsOf(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

/** Deterministic stand-in for a test-set evaluation: a function of the weights only. */
function weightProbe(model: tfl.LayersModel): () => number {
  return () => tf.tidy(() => tf.sum(tf.abs(model.getWeights()[0]!)).dataSync()[0]!);
}

async function interruptAndResume(abortAt: (epoch: number, batch: number) => boolean): Promise<{ model: tfl.LayersModel; history: readonly EpochRecord[] }> {
  const controller = new AbortController();
  const first = tinyModel(3);
  let batches = 0;
  const toInput = (x: Uint8Array | Float32Array, count: number): tf.Tensor => {
    batches++;
    if (abortAt(Math.floor((batches - 1) / 6), (batches - 1) % 6)) controller.abort();
    return tf.tidy(() => tf.div(tf.tensor(x, [count, ...IMAGE], 'float32'), 255));
  };
  const interrupted = trainModel(
    baseOptions(first, { toInput, signal: controller.signal, checkpointDir: dir, evaluate: weightProbe(first) }),
  );
  await expect(interrupted).rejects.toBeInstanceOf(TrainingInterruptedError);
  first.dispose();
  const second = tinyModel(3);
  const resumed = await trainModel(
    baseOptions(second, { toInput, checkpointDir: dir, resumeFrom: await loadCheckpoint(dir), evaluate: weightProbe(second) }),
  );
  return { model: second, history: resumed.history };
}

describe('trainModel', () => {
  it('reports every step: its loss (which the epoch means weight by batch size) and its scheduled learning rate', async () => {
    const model = tinyModel(3);
    const steps: StepRecord[] = [];
    const { history } = await trainModel(baseOptions(model, { onStep: (s) => steps.push(s) }));
    expect(steps.map((s) => [s.epoch, s.batch])).toEqual([0, 1, 2].flatMap((e) => [0, 1, 2, 3, 4, 5].map((b) => [e, b])));
    const schedule = { baseLr: 0.1, warmupEpochs: 5, epochs: 3 };
    steps.forEach((s) => expect(s.learningRate).toBe(learningRateAt(s.epoch + (s.batch + 0.5) / 6, schedule)));
    history.forEach((record, e) => {
      const mine = steps.filter((s) => s.epoch === e);
      const mean = mine.reduce((sum, s) => sum + s.loss * (s.batch === 5 ? 5 : 8), 0) / 45;
      expect(record.loss).toBeCloseTo(mean, 12);
      expect(record.learningRate).toBe(mine[5]!.learningRate);
    });
    model.dispose();
  });

  it('learns an easy problem and records every epoch', async () => {
    const model = tinyModel(3);
    const seen: number[] = [];
    const { history, trainSeconds, imagesPerSecond } = await trainModel(
      baseOptions(model, { epochs: 6, warmupEpochs: 1, evaluate: () => 12.5, evaluateEvery: 4, onEpoch: (r) => void seen.push(r.epoch) }),
    );
    expect(history.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history.map((r) => r.testError)).toEqual([undefined, undefined, undefined, 12.5, undefined, 12.5]);
    expect(history[5]!.loss).toBeLessThan(history[0]!.loss);
    expect(history[5]!.trainAccuracy).toBeGreaterThan(60);
    for (const r of history) {
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(r.seconds).toBeGreaterThan(0);
      expect(r.imagesPerSecond).toBeGreaterThan(0);
    }
    // Learning rate at the end of epoch 1 of 6: warm-up min(1, 6/10) = 0.6 epochs is over → base; milestones 4.8, 5.4.
    expect(history[0]!.learningRate).toBe(0.1);
    expect(history[5]!.learningRate).toBeCloseTo(1e-5, 12);
    expect(trainSeconds).toBeGreaterThan(0);
    expect(imagesPerSecond).toBeGreaterThan(0);
    model.dispose();
  });

  it('leaks no tensors', async () => {
    const model = tinyModel(3);
    await trainModel(baseOptions(model, { epochs: 1 })); // warm-up of lazily created tensors
    const before = tf.memory().numTensors;
    await trainModel(baseOptions(model, { epochs: 2, checkpointDir: dir }));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('gives identical weights and history when stopped after epoch 1 and resumed', async () => {
    const reference = tinyModel(3);
    const full = await trainModel(baseOptions(reference, { evaluate: weightProbe(reference) }));
    const { model, history } = await interruptAndResume((epoch, batch) => epoch === 0 && batch === 5);
    expect(numbers(history)).toEqual(numbers(full.history));
    expect(weightsOf(model)).toEqual(weightsOf(reference));
    reference.dispose();
    model.dispose();
  });

  it('gives identical weights and history when stopped in the middle of an epoch and resumed', async () => {
    const reference = tinyModel(3);
    const full = await trainModel(baseOptions(reference, { evaluate: weightProbe(reference) }));
    const { model, history } = await interruptAndResume((epoch, batch) => epoch === 1 && batch === 2);
    const checkpoint = await loadCheckpoint(dir);
    expect(checkpoint.progress.epoch).toBe(3);
    expect(numbers(history)).toEqual(numbers(full.history));
    expect(weightsOf(model)).toEqual(weightsOf(reference));
    reference.dispose();
    model.dispose();
  });

  it('saves the state at the interruption point and says how far it got', async () => {
    const controller = new AbortController();
    const model = tinyModel(3);
    const error = await trainModel(
      baseOptions(model, { checkpointDir: dir, signal: controller.signal, onEpoch: () => controller.abort() }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingInterruptedError);
    expect((error as TrainingInterruptedError).epoch).toBe(1);
    expect((error as Error).message).toBe(`training interrupted after 1 epoch(s); checkpoint saved in ${dir}.`);
    const checkpoint = await loadCheckpoint(dir);
    expect(checkpoint.progress.epoch).toBe(1);
    expect(checkpoint.progress.history).toHaveLength(1);
    model.dispose();
  });

  it('saves a resumable checkpoint even when aborted before the first step', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = tinyModel(3);
    await expect(trainModel(baseOptions(model, { checkpointDir: dir, signal: controller.signal }))).rejects.toBeInstanceOf(
      TrainingInterruptedError,
    );
    expect((await loadCheckpoint(dir)).progress).toMatchObject({ epoch: 0, batch: 0, history: [] });
    model.dispose();
  });

  it('stops with a clear error when the loss diverges', async () => {
    const model = tinyModel(3);
    await expect(trainModel(baseOptions(model, { learningRate: 1e30, warmupEpochs: 0 }))).rejects.toThrow(
      /^trainModel: 'loss' must stay finite; got (NaN|Infinity|-Infinity) \(lower '--lr'\?\)\.$/,
    );
    model.dispose();
  });

  it('differs with another seed (the seed is really used)', async () => {
    const a = tinyModel(3);
    const b = tinyModel(3);
    const ha = await trainModel(baseOptions(a, { epochs: 1 }));
    const hb = await trainModel(baseOptions(b, { epochs: 1, seed: 8 }));
    expect(ha.history[0]!.loss).not.toBe(hb.history[0]!.loss);
    a.dispose();
    b.dispose();
  });

  it('refuses a checkpoint from other settings, and bad options', async () => {
    const model = tinyModel(3);
    await trainModel(baseOptions(model, { epochs: 1, checkpointDir: dir }));
    const checkpoint = await loadCheckpoint(dir);
    await expect(trainModel(baseOptions(model, { batchSize: 9, resumeFrom: checkpoint }))).rejects.toThrow(
      "trainModel: 'resumeFrom' must come from a run with the same epochs; got 1 (this run: 3).",
    );
    await expect(trainModel(baseOptions(model, { epochs: 0 }))).rejects.toThrow(
      "trainModel: 'epochs' must be a positive integer; got 0.",
    );
    const tabular: DataSplit = { x: new Float32Array(4), labels: new Int32Array(2), count: 2 };
    await expect(trainModel(baseOptions(model, { train: tabular, sampleShape: [2] }))).rejects.toThrow(CblossError);
    model.dispose();
  });
});
