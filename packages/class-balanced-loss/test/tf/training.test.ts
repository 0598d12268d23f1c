import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { classBalancedLoss, perClassAccuracy, priorBiasInitializer, type MethodName } from '../../src/index.js';
import { tf, useBackend } from '../helpers/tf.js';

// A small long-tailed problem: 4 overlapping Gaussian classes in 2-D, training counts 800/200/50/12,
// balanced test set. Everything is seeded (data from mulberry32, zero-initialised linear model, no
// shuffling), so the run is deterministic.
const TRAIN_COUNTS = [800, 200, 50, 12];
const TEST_PER_CLASS = 300;
const MEANS = [
  [0, 0],
  [1.6, 0],
  [0, 1.6],
  [1.6, 1.6],
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(counts: readonly number[], seed: number): { x: number[][]; y: number[] } {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const x: number[][] = [];
  const y: number[] = [];
  counts.forEach((n, c) => {
    const [mx, my] = MEANS[c] as [number, number];
    for (let i = 0; i < n; i++) {
      x.push([mx + normal(), my + normal()]);
      y.push(c);
    }
  });
  return { x, y };
}

async function trainAndTest(type: MethodName, beta: number): Promise<(number | null)[]> {
  const numClasses = TRAIN_COUNTS.length;
  const train = sample(TRAIN_COUNTS, 1);
  const test = sample(new Array<number>(numClasses).fill(TEST_PER_CLASS), 2);
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: numClasses,
        inputShape: [2],
        // the last layer outputs logits: linear activation
        activation: 'linear',
        kernelInitializer: 'zeros',
        biasInitializer: type === 'softmax' ? 'zeros' : priorBiasInitializer(numClasses),
      }),
    ],
  });
  const optimizer = tf.train.adam(0.05);
  model.compile({ optimizer, loss: classBalancedLoss({ samplesPerClass: TRAIN_COUNTS, beta, type, gamma: 1 }) });
  const xs = tf.tensor2d(train.x);
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(train.y, 'int32'), numClasses), 'float32'));
  await model.fit(xs, ys, { epochs: 30, batchSize: 128, shuffle: false, verbose: 0 });
  const predictions = tf.tidy(() => Array.from(tf.argMax(model.predict(tf.tensor2d(test.x)) as tf.Tensor, -1).dataSync()));
  tf.dispose([xs, ys]);
  model.dispose();
  optimizer.dispose();
  return perClassAccuracy(test.y, predictions, numClasses);
}

const rareMean = (accuracy: (number | null)[]) => ((accuracy[2] as number) + (accuracy[3] as number)) / 2;

describe('training a tf.sequential model with model.fit on a long-tailed problem', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it.each(['softmax', 'focal'] as const)('class-balanced %s (beta = 0.999) beats the unweighted loss on the rare classes', async (type) => {
    const before = tf.memory().numTensors;
    const unweighted = await trainAndTest(type, 0);
    const balanced = await trainAndTest(type, 0.999);
    console.log(`${type}: per-class accuracy unweighted ${unweighted.map((a) => a?.toFixed(1))}, class-balanced ${balanced.map((a) => a?.toFixed(1))}`);
    // the rare classes (12 and 50 training samples) gain at least 15 points on average
    expect(rareMean(balanced)).toBeGreaterThan(rareMean(unweighted) + 15);
    expect(tf.memory().numTensors).toBe(before);
  });
});
