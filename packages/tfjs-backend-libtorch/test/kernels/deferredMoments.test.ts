import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibtorchAvailable, registerLibtorchBackend } from '../../src/index.js';
import { firstMismatch, values, type KernelResult } from '../helpers/compareBackends.js';

function read(ts: tf.Tensor[]): KernelResult[] {
  return ts.map((t) => ({ shape: [...t.shape], dtype: t.dtype, data: Array.from(t.dataSync()) }));
}

/** Runs `f` on fresh inputs on `backend` and reads every result back. */
function on(backend: string, shape: number[], f: (x: tf.Tensor, m: tf.Tensor) => tf.Tensor[]): KernelResult[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor(values({ shape }, 51), shape);
    const m = tf.tensor(values({ shape: shape.map((d, k) => (k === shape.length - 1 ? d : 1)) }, 52), shape.map((d, k) => (k === shape.length - 1 ? d : 1)));
    return read(f(x, m));
  });
}

const allButLast = (shape: number[]): number[] => shape.slice(0, -1).map((_, k) => k);

describe.skipIf(!isLibtorchAvailable())('deferred moments (Sub/Square/Mean over all but the last axis) on libtorch', () => {
  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('libtorch');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([[[4, 3, 3, 6]], [[9, 5]], [[2, 5, 3]], [[1, 1, 1, 17]]])('variance of %j agrees with cpu to float rounding', (shape) => {
    const f = (x: tf.Tensor): tf.Tensor[] => [tf.moments(x, allButLast(shape)).variance];
    expect(firstMismatch(on('libtorch', shape, f), on('cpu', shape, f), 1e-6)).toBeUndefined();
  });

  it('runs the one-pass kernel: no Sub/Square pass, the mean reads the inputs', async () => {
    tf.setBackend('libtorch');
    const shape = [4, 3, 3, 6];
    const x = tf.tensor(values({ shape }, 53), shape);
    const before = tf.engine().backend.memory() as unknown as { numNativeTensors: number };
    const variance = tf.tidy(() => tf.moments(x, [0, 1, 2]).variance);
    const after = tf.engine().backend.memory() as unknown as { numNativeTensors: number };
    // Only the variance itself remains native (the deferred intermediates and their views are gone).
    expect(after.numNativeTensors - before.numNativeTensors).toBe(1);
    expect(variance.shape).toEqual([6]);
    tf.dispose([x, variance]);
  });

  it('a deferred difference or square read, reused or cloned gives the eager values', () => {
    const shape = [3, 4, 5];
    const f = (x: tf.Tensor, m: tf.Tensor): tf.Tensor[] => {
      const d = tf.sub(x, m);
      const s = tf.square(d);
      const c = s.clone();
      return [d, s, c, tf.mean(c, [0, 1]), tf.mean(s, [0]), tf.mean(s, [0, 1], true), tf.add(d, 1), tf.mean(tf.square(tf.sub(x, m)), [0, 1])];
    };
    expect(firstMismatch(on('libtorch', shape, f), on('cpu', shape, f), 1e-6)).toBeUndefined();
  });

  it('disposing a deferred tensor unread leaks nothing (engine and native)', () => {
    tf.setBackend('libtorch');
    const x = tf.tensor(values({ shape: [4, 6] }, 54), [4, 6]);
    const m = tf.tensor(values({ shape: [1, 6] }, 55), [1, 6]);
    const tensors = tf.memory().numTensors;
    const natives = (tf.engine().backend.memory() as unknown as { numNativeTensors: number }).numNativeTensors;
    tf.tidy(() => {
      const d = tf.sub(x, m);
      tf.square(d).clone();
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect((tf.engine().backend.memory() as unknown as { numNativeTensors: number }).numNativeTensors).toBe(natives);
    tf.dispose([x, m]);
  });

  it('the inputs may be disposed before a deferred result is read', () => {
    tf.setBackend('libtorch');
    const x = tf.tensor2d([[1, 2], [3, 5]]);
    const m = tf.tensor2d([[0.5, 1]]);
    const d = tf.sub(x, m);
    tf.dispose([x, m]);
    expect(Array.from(d.dataSync())).toEqual([0.5, 1, 2.5, 4]);
    d.dispose();
  });
});
