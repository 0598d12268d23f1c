import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerLibtorchBackend } from 'tfjs-backend-libtorch';
import { CblossError } from '../../src/CblossError.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionAShortcut } from '../../src/models/OptionAShortcut.js';

beforeAll(async () => {
  expect(registerLibtorchBackend()).toBe(true);
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** cbloss 0.1's frozen shortcut kernel [2, 2, cin, cout]: 0.25 from channel i to channel i + ⌊(cout − cin)/2⌋. */
function legacyKernel(cin: number, cout: number): tf.Tensor4D {
  const pad = Math.floor((cout - cin) / 2);
  const values = new Float32Array(4 * cin * cout);
  for (let k = 0; k < 4; k++) for (let i = 0; i < cin; i++) values[k * cin * cout + i * cout + i + pad] = 0.25;
  return tf.tensor4d(values, [2, 2, cin, cout]);
}

function apply(filters: number, x: tf.Tensor): tf.Tensor {
  return new OptionAShortcut({ filters, name: 'shortcut' }).apply(x) as tf.Tensor;
}

describe('OptionAShortcut', () => {
  it.each(['cpu', 'libtorch'])('on even sizes equals cbloss 0.1 frozen 2×2 stride-2 convolution, value and gradient (%s)', async (backend) => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.randomNormal([2, 8, 6, 16], 0, 1, 'float32', 5);
      const kernel = legacyKernel(16, 32);
      const w = tf.randomNormal([2, 4, 3, 32], 0, 1, 'float32', 6);
      const y = apply(32, x);
      const legacy = tf.conv2d(x as tf.Tensor4D, kernel, 2, 'same');
      expect(y.shape).toEqual([2, 4, 3, 32]);
      expect(tf.max(tf.abs(tf.sub(y, legacy))).dataSync()[0]).toBeLessThan(1e-6);
      const grad = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(apply(32, xi), w)))(x);
      const legacyGrad = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, kernel, 2, 'same'), w)))(x);
      expect(tf.max(tf.abs(tf.sub(grad, legacyGrad))).dataSync()[0]).toBeLessThan(1e-6);
      expect(tf.max(tf.abs(grad)).dataSync()[0]).toBeGreaterThan(0.1);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(['cpu', 'libtorch'])('on odd sizes averages the valid pixels of the last row and column, as TF avg_pool (%s)', async (backend) => {
    await tf.setBackend(backend);
    tf.tidy(() => {
      // One channel 1..9 on a 3×3 map, padded to 3 channels (one zero channel before, one after).
      const y = apply(3, tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]));
      expect(y.shape).toEqual([1, 2, 2, 3]);
      // windows {1,2,4,5}, {3,6}, {7,8}, {9}; the frozen convolution gave 3, 2.25, 3.75, 2.25 (zeros averaged in)
      expect(Array.from(y.dataSync())).toEqual([0, 3, 0, 0, 4.5, 0, 0, 7.5, 0, 0, 9, 0]);
    });
  });

  it('has no weights, infers its output shape and survives a save/load round trip', async () => {
    const input = tfl.input({ shape: [7, 7, 16] });
    const output = new OptionAShortcut({ filters: 64, name: 'stage3_block1_shortcut' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    expect(model.weights).toHaveLength(0);
    expect(output.shape).toEqual([null, 4, 4, 64]);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.getLayer('stage3_block1_shortcut').getClassName()).toBe('CblossOptionAShortcut');
    const x = tf.randomNormal([1, 7, 7, 16], 0, 1, 'float32', 7);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0]);
    expect(diff).toBe(0);
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });

  it('refuses an input with more channels than filters', () => {
    const input = tfl.input({ shape: [4, 4, 32] });
    const layer = new OptionAShortcut({ filters: 16 });
    expect(() => layer.apply(input)).toThrow(CblossError);
    expect(() => new OptionAShortcut({ filters: 16 }).apply(input)).toThrow('OptionAShortcut: the input must be [B, H, W, C] with C <= filters (16); got [null, 4, 4, 32].');
  });
});
