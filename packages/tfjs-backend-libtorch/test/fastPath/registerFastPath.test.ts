import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibtorchBackendError, registerLibtorchBackend } from '../../src/index.js';
import { OVERRIDDEN_GRADIENTS } from '../../src/fastPath/registerFastPath.js';
import { assertVerifiedTfjsCore, VERIFIED_TFJS_CORE } from '../../src/fastPath/verifiedTfjsCore.js';

/** One training step of batch norm on libtorch (statistics from tf.moments, as tfjs-layers): the gradient wrt x. */
function batchNormGradient(): number[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(Array.from({ length: 2 * 2 * 2 * 3 }, (_, k) => Math.sin(k)), [2, 2, 2, 3]);
    const w = tf.tensor4d(Array.from({ length: 2 * 2 * 2 * 3 }, (_, k) => Math.cos(k)), [2, 2, 2, 3]);
    const g = tf.grad((xi: tf.Tensor) => {
      const { mean, variance } = tf.moments(xi, [0, 1, 2]);
      return tf.sum(tf.mul(tf.batchNorm(xi, mean, variance, tf.zeros([3]), tf.ones([3]), 1e-3), w));
    })(x);
    return Array.from(g.dataSync());
  });
}

describe('the fast path checks the tfjs-core release it was verified on', () => {
  it('accepts every patch of the verified minor release, and the installed tfjs-core is one', () => {
    expect(VERIFIED_TFJS_CORE).toBe('4.22');
    expect(() => assertVerifiedTfjsCore('4.22.0')).not.toThrow();
    expect(() => assertVerifiedTfjsCore('4.22.7')).not.toThrow();
    expect(() => assertVerifiedTfjsCore(tf.version_core)).not.toThrow();
  });

  it.each(['4.23.0', '4.2.2', '5.22.0', '4.21.0'])('refuses %s in one clear line (invalid-state)', (version) => {
    expect(() => assertVerifiedTfjsCore(version)).toThrow(LibtorchBackendError);
    expect(() => assertVerifiedTfjsCore(version)).toThrow(
      `tfjs-backend-libtorch: '@tensorflow/tfjs-core' must be version 4.22.x (its gradient fast path reads tfjs-core's private gradient tape and was verified on that release only); got ${version}. Install @tensorflow/tfjs-core@~4.22.0.`,
    );
    try {
      assertVerifiedTfjsCore(version);
    } catch (e) {
      expect((e as LibtorchBackendError).code).toBe('invalid-state');
    }
  });
});

describe('the fast path fails loudly when a gradient is registered over it', () => {
  beforeAll(async () => {
    expect(registerLibtorchBackend()).toBe(true);
    expect(await tf.setBackend('libtorch')).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has its gradients installed over TF.js\'s, and training batch norm runs', () => {
    for (const name of OVERRIDDEN_GRADIENTS) expect(tf.getGradient(name), name).toBeDefined();
    const before = tf.memory().numTensors;
    expect(batchNormGradient().every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(['FusedBatchNorm', 'Mean', 'Relu'])('throws at the next batch norm when the %s gradient was registered again, and runs once it is restored', (name) => {
    const ours = tf.getGradient(name)!;
    const expected = batchNormGradient();
    tf.registerGradient({ ...ours }); // the same formula, another registration: what a late register_all_gradients does
    try {
      expect(() => batchNormGradient()).toThrow(LibtorchBackendError);
      expect(() => batchNormGradient()).toThrow(
        `tfjs-backend-libtorch: the gradient of '${name}' must stay the one its fast path registered; got another, registered after it`,
      );
    } finally {
      tf.registerGradient(ours);
    }
    // (An exception inside tf.grad leaves TF.js's tape scope's tensors behind: no leak check across the throws.)
    const before = tf.memory().numTensors;
    expect(batchNormGradient()).toEqual(expected);
    expect(tf.memory().numTensors).toBe(before);
  });
});
