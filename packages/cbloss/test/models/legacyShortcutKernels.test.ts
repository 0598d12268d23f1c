import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CblossError } from '../../src/CblossError.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/models/buildModel.js';
import { dropLegacyShortcutKernels } from '../../src/models/legacyShortcutKernels.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint, type NamedArray } from '../../src/train/checkpoint.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbloss-legacy-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** cbloss 0.1's frozen shortcut kernel [2, 2, cin, cout] (the code it built models with). */
function legacyKernel(name: string, cin: number, cout: number): NamedArray {
  const pad = Math.floor((cout - cin) / 2);
  const values = new Float32Array(4 * cin * cout);
  for (let k = 0; k < 4; k++) for (let i = 0; i < cin; i++) values[k * cin * cout + i * cout + i + pad] = 0.25;
  return { name, shape: [2, 2, cin, cout], values };
}

/** A checkpoint of resnet20 as cbloss 0.1 wrote it: the model's weights with each stage's shortcut kernel after its block's conv2_bn statistics. */
function legacyCheckpoint(): { checkpoint: Checkpoint; current: string[] } {
  const model = buildModel('resnet20', { inputShape: [8, 8, 3], numClasses: 4, finalBias: 'zero', seed: 1 });
  const current = model.weights.map((w) => w.name);
  const modelWeights: NamedArray[] = [];
  for (const w of model.weights) {
    modelWeights.push({ name: w.name, shape: w.shape as number[], values: new Float32Array(w.read().dataSync()) });
    // Variable names get a suffix `_N` when a process builds several models (as here, and in a sweep).
    const suffix = w.name.replace(/^.*\/moving_variance/, '');
    // (0.1 named the statistics stage2_block1_conv2_bn/…; the fused ConvBatchNorm layer holds them as stage2_block1_conv2/…)
    if (/^stage2_block1_conv2(_bn)?\/moving_variance/.test(w.name)) modelWeights.push(legacyKernel(`stage2_block1_shortcut/kernel${suffix}`, 16, 32));
    if (/^stage3_block1_conv2(_bn)?\/moving_variance/.test(w.name)) modelWeights.push(legacyKernel(`stage3_block1_shortcut/kernel${suffix}`, 32, 64));
  }
  model.dispose();
  const checkpoint: Checkpoint = {
    config: { epochs: 2, batchSize: 8, trainCount: 16, seed: 1, learningRate: 0.1, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 0, augment: false },
    progress: { epoch: 1, batch: 0, partial: { lossSum: 0, correct: 0, seen: 0, seconds: 0 }, history: [], rngState: 1, trainSeconds: 1, samplesSeen: 16 },
    modelWeights,
    optimizerState: [],
    meta: {},
  };
  return { checkpoint, current };
}

describe('checkpoints of cbloss 0.1 (option-A shortcuts as frozen 2×2 convolutions)', () => {
  it('load with exactly the weights of the current model, in its order', async () => {
    const { checkpoint, current } = legacyCheckpoint();
    expect(checkpoint.modelWeights).toHaveLength(current.length + 2);
    await saveCheckpoint(dir, checkpoint);
    const back = await loadCheckpoint(dir);
    expect(back.modelWeights.map((w) => w.name)).toEqual(current);
  });

  it('are refused in one line when a shortcut kernel is not the fixed average', async () => {
    const { checkpoint } = legacyCheckpoint();
    expect(checkpoint.modelWeights.filter((w) => w.name.startsWith('stage3_block1_shortcut/kernel'))).toHaveLength(1);
    const damaged = checkpoint.modelWeights.map((w) => (w.name.startsWith('stage3_block1_shortcut/kernel') ? { ...w, values: w.values.map((v, k) => (k === 5 ? 0.5 : v)) } : w));
    await saveCheckpoint(dir, { ...checkpoint, modelWeights: damaged });
    const load = loadCheckpoint(dir);
    await expect(load).rejects.toThrow(CblossError);
    await expect(loadCheckpoint(dir)).rejects.toThrow(
      /^loadCheckpoint: '.*weights-000001-000000\.bin' must hold the fixed 2×2 average in the option-A shortcut kernel 'stage3_block1_shortcut\/kernel(_\d+)?' \(stored by cbloss 0\.1\); got other values: the file is damaged or not from cbloss\.$/,
    );
  });

  it('leave trainable projection shortcuts (bottleneck ResNets, 1×1 kernels) alone', () => {
    const projection: NamedArray = { name: 'stage2_block1_shortcut/kernel', shape: [1, 1, 64, 128], values: new Float32Array(64 * 128).fill(0.1) };
    expect(dropLegacyShortcutKernels([projection], 'file.bin')).toEqual([projection]);
  });
});

describe('saved models of cbloss 0.1 (option-A shortcuts as frozen Conv2D layers)', () => {
  it('load with loadRunModel and compute what the OptionAShortcut layer computes (even sizes)', async () => {
    const { saveRunModel } = await import('../../src/run/saveRunModel.js');
    const { loadRunModel } = await import('../../src/run/loadRunModel.js');
    const { OptionAShortcut } = await import('../../src/models/OptionAShortcut.js');
    const tfl = await import('@tensorflow/tfjs-layers');
    // The layer as cbloss 0.1 built it: a frozen 2×2 stride-2 'same' convolution holding the fixed average.
    const input = tfl.input({ shape: [4, 4, 16] });
    const conv = tfl.layers.conv2d({ name: 'stage2_block1_shortcut', filters: 32, kernelSize: 2, strides: 2, padding: 'same', useBias: false, trainable: false });
    const old = tfl.model({ inputs: input, outputs: conv.apply(input) as tfl.SymbolicTensor });
    const kernel = legacyKernel('k', 16, 32);
    const kernelTensor = tf.tensor4d(kernel.values, [2, 2, 16, 32]);
    conv.setWeights([kernelTensor]);
    await saveRunModel(old, join(dir, 'model'), { sampleShape: [4, 4, 16], normalization: { mean: [0], std: [1], scale: 1 }, classNames: [] });
    const { model } = await loadRunModel(dir);
    expect(model.getLayer('stage2_block1_shortcut').getClassName()).toBe('Conv2D');
    const x = tf.randomNormal([2, 4, 4, 16], 0, 1, 'float32', 9);
    const now = new OptionAShortcut({ filters: 32 }).apply(x) as tf.Tensor;
    const loaded = model.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(loaded, now))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([x, now, loaded, kernelTensor]);
    old.dispose();
    model.dispose();
  });
});
