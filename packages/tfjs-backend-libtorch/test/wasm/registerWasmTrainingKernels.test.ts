import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/wasm/registerWasmTrainingKernels.js';
import { missingKernels, UNBRIDGEABLE_KERNELS } from '../../src/wasm/missingWasmKernels.js';
import { expectClose, randomValues, valuesOn } from './helpers.js';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

describe('registerWasmTrainingKernels', () => {
  it('leaves only complex, string and canvas kernels missing on wasm', () => {
    expect(missingKernels('wasm', 'cpu')).toEqual([...UNBRIDGEABLE_KERNELS].sort());
  });

  it('is idempotent: a second call keeps the same kernel functions', () => {
    const names = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'UnsortedSegmentSum'];
    const before = names.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    registerWasmTrainingKernels();
    expect(names.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc)).toEqual(before);
    expect(before.every((f) => f !== undefined)).toBe(true);
  });

  it('bridges a missing kernel (UnsortedSegmentSum) to the cpu implementation, without leaks', async () => {
    const x = randomValues(12, 3);
    const f = () => tf.unsortedSegmentSum(tf.tensor(x, [6, 2]), tf.tensor1d([0, 2, 0, 1, 2, 2], 'int32'), 3);
    const cpu = await valuesOn('cpu', f);
    await tf.setBackend('wasm');
    const before = { tensors: tf.memory().numTensors, data: tf.backend().numDataIds() };
    const wasm = await valuesOn('wasm', f);
    expect(Array.from(wasm)).toEqual(Array.from(cpu));
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(tf.backend().numDataIds()).toBe(before.data);
  });
});

/** conv3x3(8) relu – maxpool2 – conv3x3(16, stride 2) relu – batchnorm – dense 10, with fixed weights. */
function smallCnn(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [12, 12, 2], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tfl.layers.batchNormalization(),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10 }),
    ],
  });
  tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.mul(tf.tensor(randomValues(w.size, 40 + i), w.shape), 0.5))));
  return model;
}

/**
 * CIFAR ResNet-20 (3 stages × 3 basic blocks, 16/32/64 filters, batch norm, 1x1 projection shortcuts,
 * global average pooling) on a small input, with fixed weights.
 */
function resnet20(inputShape: [number, number, number]): tfl.LayersModel {
  const convBn = (x: tfl.SymbolicTensor, filters: number, strides: number, kernelSize = 3): tfl.SymbolicTensor => {
    const y = tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(x) as tfl.SymbolicTensor;
    return tfl.layers.batchNormalization().apply(y) as tfl.SymbolicTensor;
  };
  const input = tfl.input({ shape: inputShape });
  let x = tfl.layers.reLU().apply(convBn(input, 16, 1)) as tfl.SymbolicTensor;
  let inFilters = 16;
  [16, 32, 64].forEach((filters, stage) => {
    for (let b = 0; b < 3; b++) {
      const strides = stage > 0 && b === 0 ? 2 : 1;
      const h = tfl.layers.reLU().apply(convBn(x, filters, strides)) as tfl.SymbolicTensor;
      const y = convBn(h, filters, 1);
      const shortcut = strides !== 1 || inFilters !== filters ? convBn(x, filters, strides, 1) : x;
      x = tfl.layers.reLU().apply(tfl.layers.add().apply([y, shortcut])) as tfl.SymbolicTensor;
      inFilters = filters;
    }
  });
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 10 }).apply(pooled) as tfl.SymbolicTensor });
  tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.tensor(randomValues(w.size, 300 + i), w.shape))));
  return model;
}

describe('a training step of a small CNN', () => {
  it('gives the same loss and updated weights on wasm as on cpu (momentum SGD), without leaks', async () => {
    const xv = randomValues(8 * 12 * 12 * 2, 1);
    const labels = [0, 3, 9, 1, 1, 7, 5, 2];
    const step = async (backend: string): Promise<{ loss: number; weights: Float32Array[] }> => {
      await tf.setBackend(backend);
      const model = smallCnn();
      model.compile({ optimizer: tf.train.momentum(0.05, 0.9), loss: 'categoricalCrossentropy' });
      const x = tf.tensor(xv, [8, 12, 12, 2]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
      await model.trainOnBatch(x, y);
      const before = tf.memory().numTensors;
      const loss = (await model.trainOnBatch(x, y)) as number;
      const leaked = tf.memory().numTensors - before;
      const weights = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
      tf.dispose([x, y]);
      model.dispose();
      // The first step creates the optimizer's accumulators; later steps must not add any tensor.
      expect(leaked).toBe(0);
      return { loss, weights };
    };
    const cpu = await step('cpu');
    const wasm = await step('wasm');
    expect(Number.isFinite(wasm.loss)).toBe(true);
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThanOrEqual(1e-4 * Math.abs(cpu.loss));
    expect(wasm.weights.length).toBe(cpu.weights.length);
    wasm.weights.forEach((w, i) => expectClose(w, cpu.weights[i] as Float32Array, 1e-4));
  });
});

describe('a training step of ResNet-20 (batch norm)', () => {
  // Small input and batch: the cpu backend's Conv2DBackpropFilter is a naive loop (seconds per step).
  it('gives the same loss and updated weights on wasm as on cpu, and a second step leaks nothing', async () => {
    const xv = randomValues(4 * 4 * 4 * 3, 2);
    const labels = [1, 4, 0, 9];
    const run = async (backend: string, steps: number): Promise<{ loss: number; weights: Float32Array[] }> => {
      await tf.setBackend(backend);
      const model = resnet20([4, 4, 3]);
      model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
      const x = tf.tensor(xv, [4, 4, 4, 3]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
      const loss = (await model.trainOnBatch(x, y)) as number;
      const weights = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
      if (steps > 1) {
        // The first step created the optimizer's accumulators; another step must not add any tensor.
        const before = tf.memory().numTensors;
        await model.trainOnBatch(x, y);
        expect(tf.memory().numTensors).toBe(before);
      }
      tf.dispose([x, y]);
      model.dispose();
      return { loss, weights };
    };
    const cpu = await run('cpu', 1);
    const wasm = await run('wasm', 2);
    expect(Number.isFinite(wasm.loss)).toBe(true);
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThanOrEqual(1e-4 * Math.abs(cpu.loss));
    wasm.weights.forEach((w, i) => expectClose(w, cpu.weights[i] as Float32Array, 1e-4));
  });
});
