// The backend created before any gradient is registered (tf.setBackend('libtorch'), then tfjs-layers or
// register_all_gradients), and a model of fused conv-BN layers, which runs no FusedBatchNorm: the fast path's
// gradients are installed at the first fused forward. In its own file: module order matters here.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { registerLibtorchBackend } from '../../src/index.js';
import { convBatchNorm } from '../../src/ops/index.js';

describe('gradients registered after the backend was created, fused layers only', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('get the fast path installed at the first fused conv-BN forward', async () => {
    expect(registerLibtorchBackend()).toBe(true);
    expect(await tf.setBackend('libtorch')).toBe(true);
    expect(tf.getGradient('Relu')).toBeUndefined();
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    const tfjsRelu = tf.getGradient('Relu');
    expect(tfjsRelu).toBeDefined();
    const step = (): void =>
      tf.tidy(() => {
        const x = tf.reshape(tf.range(0, 2 * 4 * 4 * 3), [2, 4, 4, 3]);
        const filter = tf.mul(tf.reshape(tf.range(0, 3 * 3 * 3 * 3), [3, 3, 3, 3]), 0.01) as tf.Tensor4D;
        const scale = tf.ones([3]) as tf.Tensor1D;
        const offset = tf.zeros([3]) as tf.Tensor1D;
        tf.grad((f: tf.Tensor) => tf.sum(tf.relu(tf.add(convBatchNorm(x as tf.Tensor4D, f as tf.Tensor4D, scale, offset, { pad: 'same', training: true }).y, x))))(filter).dataSync();
      });
    const profile = await tf.profile(step);
    expect(tf.getGradient('Relu')).not.toBe(tfjsRelu);
    // The residual ReLU's gradient is the fast path's one native pass, not TF.js's Step and Multiply.
    expect(profile.kernelNames).toContain('LibtorchReluGrad');
    expect(profile.kernelNames).not.toContain('Step');
  });
});
