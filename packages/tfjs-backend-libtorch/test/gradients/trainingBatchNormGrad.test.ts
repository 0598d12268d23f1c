import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable } from '../../src/index.js';
import { firstMismatch, values, type KernelResult } from '../helpers/compareBackends.js';
import { useLibtorchThenCpu } from '../helpers/libtorchThenCpu.js';

/** Batch norm in training (statistics from tf.moments over all but the last axis), as tfjs-layers builds it. */
function trainingLoss(x: tf.Tensor, offset: tf.Tensor, scale: tf.Tensor, w: tf.Tensor, axes: number[]): tf.Scalar {
  const { mean, variance } = tf.moments(x, axes);
  return tf.sum(tf.mul(tf.batchNorm(x, mean, variance, offset, scale, 1e-3), w));
}

function gradients(backend: string, shape: number[], axes: number[]): KernelResult[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const channels = shape[shape.length - 1] ?? 1;
    const x = tf.tensor(values({ shape }, 21), shape);
    const w = tf.tensor(values({ shape }, 22), shape);
    const offset = tf.tensor1d(values({ shape: [channels] }, 23));
    const scale = tf.tensor1d(values({ shape: [channels] }, 24));
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => trainingLoss(a, b, c, w, axes))([x, offset, scale]);
    return grads.map((g) => ({ shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) }));
  });
}

async function kernelNames(backend: string, shape: number[], axes: number[]): Promise<string[]> {
  await tf.setBackend(backend);
  const info = await tf.profile(() => {
    gradients(backend, shape, axes);
  });
  return info.kernelNames;
}

describe.skipIf(!isLibtorchAvailable())('training batch-norm gradient (libtorch) agrees with TF.js\'s composite gradient on cpu', () => {
  useLibtorchThenCpu();

  it.each([
    ['NHWC [4, 3, 3, 6]', [4, 3, 3, 6]],
    ['dense [9, 5]', [9, 5]],
    ['rank 3 [2, 5, 3]', [2, 5, 3]],
  ])('%s: same gradients, no leaks, one native kernel and no moments chain', async (_label, shape) => {
    const axes = shape.slice(0, -1).map((_, k) => k);
    const expected = gradients('cpu', shape, axes);
    const before = tf.memory().numTensors;
    const actual = gradients('libtorch', shape, axes);
    expect(tf.memory().numTensors).toBe(before);
    expect(firstMismatch(actual, expected, 1e-4)).toBeUndefined();
    const names = await kernelNames('libtorch', shape, axes);
    expect(names).toContain('LibtorchFusedBatchNormTrainGrad');
    expect(names).not.toContain('LibtorchFusedBatchNormGrad');
    expect(names).not.toContain('LibtorchSquareGrad');
    expect(await kernelNames('cpu', shape, axes)).not.toContain('LibtorchFusedBatchNormTrainGrad');
  });

  it('moments over other axes (not per channel) keep the composite gradient and agree with cpu', async () => {
    // [4, 6, 3, 6]: a mean over axes [0, 2, 3] also has 6 entries; it must not be taken for per-channel moments.
    const shape = [4, 6, 3, 6];
    const grad = (backend: string): KernelResult[] => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor(values({ shape }, 31), shape);
        const w = tf.tensor(values({ shape }, 32), shape);
        const offset = tf.tensor1d(values({ shape: [6] }, 33));
        const scale = tf.tensor1d(values({ shape: [6] }, 34));
        const f = (a: tf.Tensor): tf.Scalar => {
          const { mean, variance } = tf.moments(a, [0, 2, 3]);
          return tf.sum(tf.mul(tf.batchNorm(a, mean, variance, offset, scale, 1e-3), w));
        };
        const g = tf.grad(f)(x);
        return [{ shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) }];
      });
    };
    expect(firstMismatch(grad('libtorch'), grad('cpu'), 1e-4)).toBeUndefined();
    await tf.setBackend('libtorch');
    const info = await tf.profile(() => {
      grad('libtorch');
    });
    expect(info.kernelNames).not.toContain('LibtorchFusedBatchNormTrainGrad');
  });

  it('statistics used elsewhere too still get their gradient', () => {
    const shape = [3, 2, 2, 4];
    const grad = (backend: string): KernelResult[] => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor(values({ shape }, 41), shape);
        const w = tf.tensor(values({ shape }, 42), shape);
        const f = (a: tf.Tensor): tf.Scalar => {
          const { mean, variance } = tf.moments(a, [0, 1, 2]);
          const y = tf.sum(tf.mul(tf.batchNorm(a, mean, variance, tf.zeros([4]), tf.ones([4]), 1e-3), w));
          return tf.add(y, tf.sum(tf.mul(variance, tf.tensor1d([1, -2, 3, 0.5]))));
        };
        const g = tf.grad(f)(x);
        return [{ shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) }];
      });
    };
    expect(firstMismatch(grad('libtorch'), grad('cpu'), 1e-4)).toBeUndefined();
  });
});
