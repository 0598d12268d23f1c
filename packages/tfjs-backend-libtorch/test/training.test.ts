import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackKernelNames, isLibtorchAvailable, registerLibtorchBackend } from '../src/index.js';
import { values } from './helpers/compareBackends.js';
import { setWeightValues, smallResnet20, weightValues } from './helpers/smallResnet.js';

interface StepResult {
  losses: number[];
  weights: Array<{ shape: number[]; values: Float32Array }>;
}

const INPUT: [number, number, number] = [8, 8, 3];
const BATCH = 4;
const CLASSES = 5;

async function trainOn(backend: string, initial: Array<{ shape: number[]; values: Float32Array }>, optimizer: () => tf.Optimizer): Promise<StepResult> {
  await tf.setBackend(backend);
  const model = smallResnet20(INPUT, CLASSES);
  setWeightValues(model, initial);
  const opt = optimizer();
  model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(values({ shape: [BATCH, ...INPUT] }, 5), [BATCH, ...INPUT]);
  const labels = tf.oneHot(tf.tensor1d([0, 3, 1, 4], 'int32'), CLASSES);
  const losses: number[] = [];
  for (let step = 0; step < 3; ++step) losses.push((await model.trainOnBatch(x, labels)) as number);
  const weights = weightValues(model);
  tf.dispose([x, labels]);
  opt.dispose();
  model.dispose();
  return { losses, weights };
}

/**
 * Glorot-uniform-sized kernels from a fixed seed (the layers' own initialisers use Math.random, so the margin to
 * the tolerance changed from run to run); rank-1 weights (BN statistics and scales, biases) keep their constant
 * initial values.
 */
function seededWeights(weights: Array<{ shape: number[]; values: Float32Array }>): Array<{ shape: number[]; values: Float32Array }> {
  return weights.map((w, k) => {
    if (w.shape.length < 2) return w;
    const fanOut = w.shape[w.shape.length - 1] ?? 1;
    const fanIn = w.values.length / fanOut;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    // values() draws from [-3, 3)
    return { shape: w.shape, values: Float32Array.from(values({ shape: w.shape }, 100 + k), (v) => (v / 3) * limit) };
  });
}

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let k = 0; k < b.length; ++k) {
    const e = Math.abs((a[k] ?? NaN) - (b[k] ?? NaN)) / (1e-3 + Math.abs(b[k] ?? NaN));
    worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
  }
  return worst;
}

describe.skipIf(!isLibtorchAvailable())('training a small ResNet-20 (tfjs-layers) agrees with the cpu backend', () => {
  let initial: Array<{ shape: number[]; values: Float32Array }>;
  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('cpu');
    const model = smallResnet20(INPUT, CLASSES);
    initial = seededWeights(weightValues(model));
    model.dispose();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['SGD momentum', () => tf.train.momentum(0.05, 0.9)],
    // epsilon 1e-3: with the default 1e-7, Adam turns float noise in near-zero gradients into full-size steps.
    ['Adam', () => tf.train.adam(1e-2, 0.9, 0.999, 1e-3)],
  ] as const)('three %s steps: same losses and weights (incl. BN statistics)', async (_name, optimizer) => {
    const cpuBefore = tf.memory().numTensors;
    const cpu = await trainOn('cpu', initial, optimizer);
    const cpuKept = tf.memory().numTensors - cpuBefore;
    const before = tf.memory().numTensors;
    const torch = await trainOn('libtorch', initial, optimizer);
    // tfjs-layers itself keeps a tensor or two per compiled model (same on cpu): libtorch must keep no more.
    expect(tf.memory().numTensors - before).toBe(cpuKept);
    for (let k = 0; k < cpu.losses.length; ++k) expect(torch.losses[k]).toBeCloseTo(cpu.losses[k] ?? NaN, 4);
    // The loss must move, or the comparison would be vacuous.
    expect(Math.abs((cpu.losses[2] ?? 0) - (cpu.losses[0] ?? 0))).toBeGreaterThan(1e-3);
    expect(torch.weights.length).toBe(cpu.weights.length);
    cpu.weights.forEach((w, k) => {
      const t = torch.weights[k];
      expect(t?.shape).toEqual(w.shape);
      expect(maxRelativeError(t?.values ?? new Float32Array(), w.values), `weight ${k} [${w.shape.join(', ')}]`).toBeLessThan(1e-3);
    });
    expect(fallbackKernelNames()).toEqual([]);
  });
});
