import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
// Imported for its side effect only: no registration function is called in this file.
import { isLibtorchAvailable } from '../src/index.js';
import { registerUnavailableBackend } from '../src/registerUnavailableBackend.js';

describe("importing 'tfjs-backend-libtorch'", () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it("registers backend 'libtorch', so that tf.setBackend('libtorch') works right away", async () => {
    expect(isLibtorchAvailable()).toBe(true);
    expect(tf.findBackendFactory('libtorch')).not.toBeNull();
    expect(await tf.setBackend('libtorch')).toBe(true);
    expect(tf.getBackend()).toBe('libtorch');
    const before = tf.memory().numTensors;
    expect(Array.from(tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 1]))).dataSync())).toEqual([3, 3]);
    expect(tf.memory().numTensors).toBe(before + 1);
  });

  it('keeps the real backend when registerUnavailableBackend is called afterwards', async () => {
    const factory = tf.findBackendFactory('libtorch');
    registerUnavailableBackend('should be ignored');
    expect(tf.findBackendFactory('libtorch')).toBe(factory);
    await tf.setBackend('cpu');
    expect(await tf.setBackend('libtorch')).toBe(true);
  });
});
