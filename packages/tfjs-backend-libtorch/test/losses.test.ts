import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { METHOD_NAMES, classBalancedLoss, type MethodName } from 'class-balanced-loss';
import { describe, expect, it } from 'vitest';
import { fallbackKernelNames, isLibtorchAvailable } from '../src/index.js';
import { firstMismatch, values, type KernelResult } from './helpers/compareBackends.js';
import { useLibtorchThenCpu } from './helpers/libtorchThenCpu.js';

const B = 6;
const C = 4;

/** Loss value and its gradient w.r.t. the logits, including extreme logits (±30). */
function lossAndGradOn(backend: string, type: MethodName): KernelResult[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const loss = classBalancedLoss({ samplesPerClass: [100, 30, 8, 2], beta: 0.99, type, gamma: 1.5 });
    const logits = tf.tensor2d(values({ shape: [B, C] }, 31).map((v, k) => (k === 0 ? 30 : k === 1 ? -30 : v)), [B, C]);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 1, 0], 'int32'), C);
    const value = loss(labels, logits);
    const g = tf.grad((z: tf.Tensor) => loss(labels, z))(logits);
    return [
      { shape: [...value.shape], dtype: value.dtype, data: Array.from(value.dataSync()) },
      { shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) },
    ];
  });
}

describe.skipIf(!isLibtorchAvailable())('class-balanced losses run natively and agree with cpu', () => {
  useLibtorchThenCpu();

  it.each(METHOD_NAMES.map((t) => [t] as const))('%s: value and gradient', (type) => {
    const expected = lossAndGradOn('cpu', type);
    const fallbacksBefore = fallbackKernelNames();
    const actual = lossAndGradOn('libtorch', type);
    expect(firstMismatch(actual, expected, 1e-5)).toBeUndefined();
    expect(actual.every((r) => r.data.every(Number.isFinite))).toBe(true);
    expect(fallbackKernelNames()).toEqual(fallbacksBefore);
  });
});
