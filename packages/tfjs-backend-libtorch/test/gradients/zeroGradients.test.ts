import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibtorchAvailable, registerLibtorchBackend } from '../../src/index.js';
import { isTaggedZero, taggedZeros } from '../../src/gradients/zeroGradients.js';

describe.skipIf(!isLibtorchAvailable())('tagged zero gradients (libtorch)', () => {
  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('libtorch');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('taggedZeros reads back as zeros of the shape and is tagged; ordinary zeros are not', () => {
    const z = taggedZeros([2, 3, 4]);
    const plain = tf.zeros([2, 3, 4]);
    expect(z.shape).toEqual([2, 3, 4]);
    expect(Array.from(z.dataSync())).toEqual(new Array(24).fill(0));
    expect(isTaggedZero(z)).toBe(true);
    expect(isTaggedZero(plain)).toBe(false);
    tf.dispose([z, plain]);
  });

  it('Add with a tagged zero returns the other tensor\'s data (no pass), either order, and survives its disposal', () => {
    const a = tf.tensor2d([[1, -2, 3], [4, 5, -6]]);
    const before = tf.memory().numTensors;
    const z = taggedZeros([2, 3]);
    const left = tf.add(a, z);
    const right = tf.add(z, a);
    expect(left.dataId).toBe(a.dataId);
    expect(right.dataId).toBe(a.dataId);
    a.dispose();
    z.dispose();
    expect(Array.from(left.dataSync())).toEqual([1, -2, 3, 4, 5, -6]);
    expect(Array.from(right.dataSync())).toEqual([1, -2, 3, 4, 5, -6]);
    tf.dispose([left, right]);
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('Add that broadcasts the non-zero side still computes (shape of the result differs)', () => {
    const a = tf.tensor1d([1, 2, 3]);
    const z = taggedZeros([2, 3]);
    const sum = tf.add(a, z);
    expect(sum.shape).toEqual([2, 3]);
    expect(Array.from(sum.dataSync())).toEqual([1, 2, 3, 1, 2, 3]);
    tf.dispose([a, z, sum]);
  });

  it('gradients of Sub/Square/Mean/Reshape of a tagged-zero dy are tagged zeros of the input shapes', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const grads = tf.tidy(() => {
      const dy = taggedZeros([2]);
      // vjp of mean(square(sub(x, reshape(m, [1, 2]))), 0) with a tagged zero dy.
      const m = tf.tensor1d([0.5, 1]);
      const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.mean(tf.square(tf.sub(a, tf.reshape(b, [1, 2]))), 0);
      const g = tf.grads(f)([x, m], dy);
      return g.map((t) => ({ tagged: isTaggedZero(t), shape: t.shape, values: Array.from(t.dataSync()) }));
    });
    expect(grads).toEqual([
      { tagged: true, shape: [2, 2], values: [0, 0, 0, 0] },
      { tagged: true, shape: [2], values: [0, 0] },
    ]);
    x.dispose();
  });

  it('on cpu the same gradient computes ordinary (untagged) zeros', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const g = tf.grad((a: tf.Tensor) => tf.mean(tf.square(a), 0))(x, tf.zeros([2]));
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 0]);
    expect(isTaggedZero(g)).toBe(false);
    tf.dispose([x, g]);
    await tf.setBackend('libtorch');
  });
});
