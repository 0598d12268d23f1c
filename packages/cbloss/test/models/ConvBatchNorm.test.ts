import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { isLibtorchAvailable } from 'tfjs-backend-libtorch';
import { hasFusedConvBatchNorm } from 'tfjs-backend-libtorch/ops';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConvBatchNorm } from '../../src/models/ConvBatchNorm.js';
import { buildResNet, type ModelSpec } from '../../src/models/resnet.js';
import { oldResNet8 } from './oldResNet8.js';

const SPEC: ModelSpec = { inputShape: [8, 8, 3], numClasses: 5, logitsBiasInitializer: 'zeros', seed: 7 };

/** A fused layer's weight name as the old layout had it: `conv1/gamma` → `conv1_bn/gamma`. */
const oldName = (name: string): string => name.replace(/\/(gamma|beta|moving_mean|moving_variance)$/, '_bn/$1');

/** max |a − b| over (1 + max |b|), NaN failing. */
function gap(a: tf.Tensor, b: tf.Tensor): number {
  const av = a.dataSync();
  const bv = b.dataSync();
  expect(av.length).toBe(bv.length);
  let worst = 0;
  let scale = 0;
  bv.forEach((v, k) => {
    scale = Math.max(scale, Math.abs(v));
    const d = Math.abs((av[k] as number) - v);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  });
  return worst / (1 + scale);
}

/** One SGD-free training step's numbers: logits, loss gradients of every trainable weight, moving statistics after. */
function trainingStep(model: tfl.LayersModel, x: tf.Tensor, w: tf.Tensor): { logits: tf.Tensor; grads: tf.Tensor[]; weights: tf.Tensor[] } {
  let logits: tf.Tensor | undefined;
  const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => {
    logits = model.apply(x, { training: true }) as tf.Tensor;
    return tf.sum(tf.mul(tf.keep(logits), w));
  }, variables);
  return { logits: logits as tf.Tensor, grads: variables.map((v) => grads[v.name] as tf.Tensor), weights: model.getWeights() };
}

/** Old and new ResNet-8 with the same weights, on the active backend; compares training and inference. */
function compareWithOldLayout(tolerance: number): void {
  const fresh = buildResNet(8, SPEC);
  const old = oldResNet8(SPEC);
  // Everything starts equal by construction (same seeds); copied anyway, so the comparison is of the layers only.
  old.setWeights(fresh.getWeights());
  const x = tf.randomNormal([4, 8, 8, 3], 0, 1, 'float32', 11);
  const w = tf.randomNormal([4, 5], 0, 1, 'float32', 12);
  const a = trainingStep(fresh, x, w);
  const b = trainingStep(old, x, w);
  expect(gap(a.logits, b.logits), 'training logits').toBeLessThan(tolerance);
  a.grads.forEach((g, k) => expect(gap(g, b.grads[k] as tf.Tensor), `d/d${fresh.trainableWeights[k]?.originalName}`).toBeLessThan(tolerance));
  // Moving statistics after the step (tfjs-layers' update, biased batch variance).
  a.weights.forEach((v, k) => expect(gap(v, b.weights[k] as tf.Tensor), fresh.weights[k]?.originalName).toBeLessThan(tolerance));
  const pa = fresh.predict(x) as tf.Tensor;
  const pb = old.predict(x) as tf.Tensor;
  expect(gap(pa, pb), 'inference logits').toBeLessThan(tolerance);
  // getWeights() gives the variables themselves: not disposed here.
  tf.dispose([x, w, a.logits, b.logits, ...a.grads, ...b.grads, pa, pb]);
  fresh.dispose();
  old.dispose();
}

describe('ConvBatchNorm layer in buildResNet', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps the weights of conv2d + batchNormalization: same order, shapes and initial values (checkpoints restore by index)', () => {
    const fresh = buildResNet(8, SPEC);
    const old = oldResNet8(SPEC);
    expect(fresh.weights.map((v) => oldName(v.originalName))).toEqual(old.weights.map((v) => v.originalName));
    expect(fresh.weights.map((v) => v.shape)).toEqual(old.weights.map((v) => v.shape));
    expect(fresh.trainableWeights.map((v) => oldName(v.originalName))).toEqual(old.trainableWeights.map((v) => v.originalName));
    fresh.weights.forEach((v, k) => {
      expect(gap(v.read(), (old.weights[k] as tfl.LayerVariable).read()), v.originalName).toBe(0);
    });
    fresh.dispose();
    old.dispose();
  });

  it('trains and predicts as the conv2d + batchNormalization + reLU layers did (cpu: the same TF.js ops)', () => {
    expect(hasFusedConvBatchNorm()).toBe(false);
    compareWithOldLayout(1e-5);
  });

  it('serialises: a saved model loads back with the same predictions', async () => {
    const model = buildResNet(8, SPEC);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    expect(loaded.layers.filter((l) => l instanceof ConvBatchNorm)).toHaveLength(7);
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 3);
    expect(gap(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor)).toBe(0);
    expect(loaded.getLayer('stage2_block1_conv1').getConfig()).toMatchObject({ padding: [[1, 1], [1, 1]], strides: 2, activation: 'relu' });
    model.dispose();
    loaded.dispose();
  });
});

describe.skipIf(!isLibtorchAvailable())('ConvBatchNorm layer on libtorch (the fused kernels)', () => {
  beforeAll(async () => {
    await tf.setBackend('libtorch');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('trains and predicts as the conv2d + batchNormalization + reLU layers, to float32 rounding', () => {
    expect(hasFusedConvBatchNorm()).toBe(true);
    // Another summation order (oneDNN's, one-pass moments): ~1e-6 relative; 1e-4 leaves a margin of 100.
    compareWithOldLayout(1e-4);
  });
});
