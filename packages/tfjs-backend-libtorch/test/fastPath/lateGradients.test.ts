// The backend imported before any gradient is registered (no tfjs-layers yet): the fast path installs its gradients
// when the backend is created, over TF.js's registered in between. In its own file: module order matters here.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { registerLibtorchBackend } from '../../src/index.js';

describe('gradients registered after the backend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('get the fast path installed over them when the backend is created', async () => {
    expect(registerLibtorchBackend()).toBe(true);
    expect(tf.getGradient('FusedBatchNorm')).toBeUndefined();
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    const tfjs = tf.getGradient('FusedBatchNorm');
    expect(tfjs).toBeDefined();
    expect(await tf.setBackend('libtorch')).toBe(true);
    const installed = tf.getGradient('FusedBatchNorm');
    expect(installed).toBeDefined();
    expect(installed).not.toBe(tfjs);
    // The fast path's training gradient runs: one native kernel instead of TF.js's composite.
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        const x = tf.reshape(tf.range(0, 24), [2, 2, 2, 3]);
        tf.grad((xi: tf.Tensor) => {
          const { mean, variance } = tf.moments(xi, [0, 1, 2]);
          return tf.sum(tf.square(tf.batchNorm(xi, mean, variance, tf.zeros([3]), tf.ones([3]), 1e-3)));
        })(x).dataSync();
      });
    });
    expect(profile.kernelNames).toContain('LibtorchFusedBatchNormTrainGrad');
  });
});
