import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleEpoch } from 'class-balanced-loss/core';
import { augmentBatch } from '../../src/train/augment.js';
import { gatherBatch } from '../../src/train/gatherBatch.js';
import { learningRateAt } from '../../src/train/learningRate.js';
import { prefetch } from '../../src/train/prefetch.js';
import { createSgd } from '../../src/train/sgd.js';
import { trainModel, type BatchLoss, type TrainModelOptions } from '../../src/train/trainModel.js';
import { createRng } from '../../src/util/rng.js';
import { TINY_CLASSES, TINY_IMAGE, tinyConvNet, tinyImages } from './tinyImages.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const IMAGE = TINY_IMAGE;
const C = TINY_CLASSES;
const images = tinyImages;
/** With batch norm (its statistics are part of what must match) or without (for accumulation, which BN breaks). */
const model = tinyConvNet;

const crossEntropy: BatchLoss = (labels, logits) =>
  tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, C), tf.logSoftmax(logits)), 1))) as tf.Scalar);

const train = images(45, 1); // batch 8: 6 steps per epoch, the last one of 5
const toInput = (x: Uint8Array | Float32Array, count: number): tf.Tensor => tf.tidy(() => tf.div(tf.tensor(x, [count, ...IMAGE], 'float32'), 255));

function options(m: tfl.LayersModel, extra: Partial<TrainModelOptions> = {}): TrainModelOptions {
  return {
    model: m, train, sampleShape: IMAGE, loss: crossEntropy, toInput, epochs: 2, batchSize: 8, learningRate: 0.1, momentum: 0.9,
    weightDecay: 1e-3, warmupEpochs: 5, augment: true, seed: 7, log: () => undefined, progressBar: false, ...extra,
  };
}

const weightsOf = (m: tfl.LayersModel): number[][] => m.getWeights().map((w) => Array.from(w.dataSync()));

/**
 * The training loop as it was before batches were prepared ahead (gather → augment → toInput → gradients → SGD, one
 * batch after the other, each loss read at once), written out here as the reference the pipeline must reproduce.
 */
async function referenceLoop(m: tfl.LayersModel, epochs: number): Promise<number[]> {
  const variables = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const sgd = createSgd(variables, { momentum: 0.9, weightDecay: 1e-3, decayed: m.trainableWeights.map((w) => w.shape.length >= 2) });
  const root = createRng(7);
  const losses: number[] = [];
  const batches = Math.ceil(train.count / 8);
  for (let e = 0; e < epochs; e++) {
    const order = sampleEpoch(train.labels, { sampler: 'instance', seed: 7, epoch: e, numEpochs: epochs });
    const augmentRng = root.fork(`augment:${e}`);
    for (let b = 0; b < batches; b++) {
      const batch = gatherBatch(train, 6 * 6 * 3, order, b * 8, Math.min(train.count, (b + 1) * 8));
      const pixels = augmentBatch(batch.x as Uint8Array, batch.count, IMAGE, augmentRng.fork(`batch:${b}`));
      const input = toInput(pixels, batch.count);
      const labels = tf.tensor1d(batch.labels, 'int32');
      const { value, grads } = tf.variableGrads(() => crossEntropy(labels, m.apply(input, { training: true }) as tf.Tensor2D), variables);
      sgd.step(variables.map((v) => grads[v.name]!), learningRateAt(e + (b + 0.5) / batches, { baseLr: 0.1, warmupEpochs: 5, epochs }));
      losses.push(value.dataSync()[0]!);
      tf.dispose([value, input, labels]);
      tf.dispose(grads);
    }
  }
  sgd.dispose();
  return losses;
}

describe('the batch pipeline of trainModel', () => {
  it('gives the numbers of the one-batch-after-the-other loop, bit for bit, however far ahead it prepares', async () => {
    const reference = model(3, true);
    const expected = await referenceLoop(reference, 2);
    for (const ahead of [0, 1, 3]) {
      const m = model(3, true);
      const losses: number[] = [];
      await trainModel(options(m, { prefetch: ahead, onStep: (s) => losses.push(s.loss) }));
      expect(losses).toEqual(expected);
      expect(weightsOf(m)).toEqual(weightsOf(reference));
      m.dispose();
    }
    reference.dispose();
  });

  it('reads the losses one step late without onStep, to the same history', async () => {
    const a = model(3, true);
    const b = model(3, true);
    const seen: number[] = [];
    const late = await trainModel(options(a, { prefetch: 2 }));
    const atOnce = await trainModel(options(b, { prefetch: 0, onStep: (s) => seen.push(s.loss) }));
    expect(late.history.map((r) => [r.loss, r.trainAccuracy])).toEqual(atOnce.history.map((r) => [r.loss, r.trainAccuracy]));
    expect(seen).toHaveLength(12);
    expect(weightsOf(a)).toEqual(weightsOf(b));
    a.dispose();
    b.dispose();
  });

  it('gradient accumulation: N micro-batches give the one-batch update (no batch norm), within float rounding', async () => {
    const whole = model(5, false);
    const split = model(5, false);
    // Batch 16 in 4 micro-batches of 4: the last step (13 samples) is 4 + 4 + 4 + 1, weighted 4/13, …, 1/13.
    const one = await trainModel(options(whole, { batchSize: 16, augment: false }));
    const four = await trainModel(options(split, { batchSize: 16, accumulate: 4, augment: false }));
    const [w1, w4] = [weightsOf(whole), weightsOf(split)];
    w1.forEach((values, i) => values.forEach((v, j) => expect(Math.abs(v - w4[i]![j]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)))));
    one.history.forEach((r, e) => expect(four.history[e]!.loss).toBeCloseTo(r.loss, 5));
    expect(four.history.map((r) => r.trainAccuracy)).toEqual(one.history.map((r) => r.trainAccuracy));
    // And it is not a no-op: accumulating with batch norm normalises each micro-batch by itself, so it differs.
    const bnWhole = model(5, true);
    const bnSplit = model(5, true);
    await trainModel(options(bnWhole, { batchSize: 12, epochs: 1 }));
    await trainModel(options(bnSplit, { batchSize: 12, accumulate: 3, epochs: 1 }));
    expect(weightsOf(bnSplit)).not.toEqual(weightsOf(bnWhole));
    for (const m of [whole, split, bnWhole, bnSplit]) m.dispose();
  });

  it('holds the inputs of at most prefetch + 1 micro-batches, whatever the global batch', async () => {
    for (const ahead of [0, 1, 2]) {
      const m = model(5, false);
      const made: tf.Tensor[] = [];
      let mostAlive = 0;
      const counting = (x: Uint8Array | Float32Array, count: number): tf.Tensor => {
        const t = toInput(x, count);
        made.push(t);
        mostAlive = Math.max(mostAlive, made.filter((u) => !u.isDisposed).length);
        return t;
      };
      // Steps of 16 images in 8 micro-batches of 2.
      await trainModel(options(m, { toInput: counting, batchSize: 16, accumulate: 8, prefetch: ahead, epochs: 1 }));
      expect(made).toHaveLength(23); // 8 + 8 + 7 micro-batches (45 = 16 + 16 + 13)
      expect(mostAlive).toBe(ahead + 1);
      m.dispose();
    }
  });

  it('leaks no tensors with accumulation, prefetch and an interruption mid-epoch', async () => {
    const m = model(3, true);
    await trainModel(options(m, { epochs: 1 }));
    const before = tf.memory().numTensors;
    await trainModel(options(m, { epochs: 1, accumulate: 2, prefetch: 3 }));
    const controller = new AbortController();
    let calls = 0;
    const aborting = (x: Uint8Array | Float32Array, count: number): tf.Tensor => {
      if (++calls === 3) controller.abort();
      return toInput(x, count);
    };
    await expect(trainModel(options(m, { toInput: aborting, signal: controller.signal, prefetch: 2 }))).rejects.toThrow('training interrupted');
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('rejects an accumulation that does not divide the batch, and a negative prefetch', async () => {
    const m = model(3, true);
    await expect(trainModel(options(m, { accumulate: 3 }))).rejects.toThrow(
      "trainModel: 'accumulate' must be a positive integer dividing 'batchSize' (8); got 3.",
    );
    await expect(trainModel(options(m, { prefetch: -1 }))).rejects.toThrow("trainModel: 'prefetch' must be an integer >= 0; got -1.");
    m.dispose();
  });
});

describe('prefetch', () => {
  it('keeps the order, pulls at most depth items ahead, and discards what it pulled when the consumer leaves', async () => {
    let produced = 0;
    async function* numbers(): AsyncGenerator<number, void, undefined> {
      for (let i = 0; i < 10; i++) {
        produced++;
        yield i;
      }
    }
    const seen: number[] = [];
    const discarded: number[] = [];
    for await (const n of prefetch(numbers(), 2, (d) => discarded.push(d))) {
      seen.push(n);
      expect(produced - seen.length).toBeLessThanOrEqual(2);
      if (n === 4) break;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(discarded).toEqual([5, 6]);
    const all: number[] = [];
    for await (const n of prefetch(numbers(), 0, () => undefined)) all.push(n);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
