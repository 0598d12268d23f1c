import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable } from '../../src/index.js';
import { firstMismatch, values, type KernelResult } from '../helpers/compareBackends.js';
import { useLibtorchThenCpu } from '../helpers/libtorchThenCpu.js';

const natives = (): number => (tf.engine().backend.memory() as unknown as { numNativeTensors: number }).numNativeTensors;
const read = (t: tf.Tensor): KernelResult => ({ shape: [...t.shape], dtype: t.dtype, data: Array.from(t.dataSync()) });

/** Gradients of sum(conv2d(x, w)^2) on `backend`: w.r.t. the filter only, then w.r.t. both. */
function convGrads(backend: string): KernelResult[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(values({ shape: [2, 7, 7, 3] }, 71), [2, 7, 7, 3]);
    const w = tf.tensor4d(values({ shape: [3, 3, 3, 4] }, 72), [3, 3, 3, 4]);
    const f = (xi: tf.Tensor4D, wi: tf.Tensor4D): tf.Scalar => tf.sum(tf.square(tf.conv2d(xi, wi, 2, 'same')));
    const onlyFilter = tf.grad((wi: tf.Tensor) => f(x, wi as tf.Tensor4D))(w);
    const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => f(xi as tf.Tensor4D, wi as tf.Tensor4D))([x, w]);
    return [read(onlyFilter), read(dx as tf.Tensor), read(dw as tf.Tensor)];
  });
}

describe.skipIf(!isLibtorchAvailable())('deferred convolution input gradient (libtorch)', () => {
  useLibtorchThenCpu();

  it('gives the cpu gradients whether the input gradient is used or not, and leaks nothing', () => {
    tf.setBackend('libtorch');
    const [tensors, nativeBefore] = [tf.memory().numTensors, natives()];
    const actual = convGrads('libtorch');
    tf.setBackend('libtorch');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(natives()).toBe(nativeBefore);
    expect(firstMismatch(actual, convGrads('cpu'), 1e-4)).toBeUndefined();
  });

  it('can be read after its inputs are disposed, and disposed unread', () => {
    tf.setBackend('libtorch');
    const before = natives();
    const dy = tf.tensor4d(values({ shape: [1, 4, 4, 2] }, 73), [1, 4, 4, 2]);
    const w = tf.tensor4d(values({ shape: [3, 3, 5, 2] }, 74), [3, 3, 5, 2]);
    const run = (): tf.Tensor => tf.conv2dTranspose(dy, w, [1, 4, 4, 5], 1, 'same');
    const unread = run();
    const kept = run();
    tf.dispose([dy, w]);
    unread.dispose();
    const values4 = read(kept);
    kept.dispose();
    expect(natives()).toBe(before);
    tf.setBackend('cpu');
    const expected = tf.tidy(() => {
      const dyC = tf.tensor4d(values({ shape: [1, 4, 4, 2] }, 73), [1, 4, 4, 2]);
      const wC = tf.tensor4d(values({ shape: [3, 3, 5, 2] }, 74), [3, 3, 5, 2]);
      return read(tf.conv2dTranspose(dyC, wC, [1, 4, 4, 5], 1, 'same'));
    });
    expect(firstMismatch([values4], [expected], 1e-4)).toBeUndefined();
  });
});
