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

  it('one-pass moments of data far from zero match a float64 reference (no cancellation)', () => {
    tf.setBackend('libtorch');
    const shape = [8, 5, 5, 3];
    const data = values({ shape }, 56).map((v, k) => 1000 * ((k % 3) + 1) + 0.1 * v);
    const { mean, variance } = tf.tidy(() => tf.moments(tf.tensor(data, shape), [0, 1, 2]));
    const rows = data.length / 3;
    for (let c = 0; c < 3; c++) {
      const xs = data.filter((_, k) => k % 3 === c).map((v) => Math.fround(v));
      const mu = xs.reduce((p, q) => p + q, 0) / rows;
      const sigma2 = xs.reduce((p, q) => p + (q - mu) ** 2, 0) / rows;
      expect(Math.abs((mean.dataSync()[c] as number) - mu)).toBeLessThan(1e-6 * Math.abs(mu));
      expect(Math.abs((variance.dataSync()[c] as number) - sigma2)).toBeLessThan(1e-5 * sigma2);
    }
    tf.dispose([mean, variance]);
  });

  it('moments with NaN and infinities (also in the first row) agree with cpu', () => {
    const shape = [3, 2, 4];
    const data = [Infinity, 1, NaN, -Infinity, 2, 3, 4, 5, 6, -Infinity, 7, 8, 9, 10, 11, Infinity, 12, 13, 14, 15, 16, 17, 18, 19];
    const f = (): tf.Tensor[] => {
      const { mean, variance } = tf.moments(tf.tensor(data, shape), [0, 1]);
      return [mean, variance];
    };
    tf.setBackend('libtorch');
    const actual = tf.tidy(() => read(f()));
    tf.setBackend('cpu');
    const expected = tf.tidy(() => read(f()));
    expect(actual).toEqual(expected);
    expect(expected[0]?.data).toEqual([Infinity, -Infinity, NaN, NaN]); // per channel: +inf, -inf, NaN, both infinities
  });

  it('a squared difference around the mean of another tensor is computed, not taken from the moments', () => {
    const shape = [4, 3, 3, 6];
    const f = (x: tf.Tensor, m: tf.Tensor): tf.Tensor[] => {
      const y = tf.add(x, m); // same shape as x, other values
      const mean = tf.mean(x, [0, 1, 2]);
      const aroundX = tf.mean(tf.square(tf.sub(y, tf.reshape(mean, [1, 1, 1, 6]))), [0, 1, 2]);
      const xAroundOther = tf.mean(tf.square(tf.sub(x, m)), [0, 1, 2]);
      return [mean, aroundX, xAroundOther, tf.moments(x, [0, 1, 2], true).variance, tf.mean(x, [0, 1, 2], true)];
    };
    expect(firstMismatch(on('libtorch', shape, f), on('cpu', shape, f), 1e-6)).toBeUndefined();
  });

  it('a per-channel mean keeps its input alive only as long as the mean lives', () => {
    tf.setBackend('libtorch');
    const natives = (): number => (tf.engine().backend.memory() as unknown as { numNativeTensors: number }).numNativeTensors;
    const before = natives();
    const x = tf.tensor(values({ shape: [2, 3, 4] }, 57), [2, 3, 4]);
    const mean = tf.mean(x, [0, 1]);
    x.dispose();
    tf.tidy(() => tf.mean(tf.ones([2, 2]))).dispose(); // a mean over all axes leaves the per-channel moments alone
    expect(natives()).toBeGreaterThan(before + 1); // x's storage, held for the variance that may follow
    mean.dispose();
    expect(natives()).toBe(before);
    // the empty case gives NaN as on cpu
    const empty = tf.tidy(() => tf.mean(tf.zeros([0, 2]), [0]));
    expect(Array.from(empty.dataSync()).every(Number.isNaN)).toBe(true);
    empty.dispose();
    expect(natives()).toBe(before);
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
