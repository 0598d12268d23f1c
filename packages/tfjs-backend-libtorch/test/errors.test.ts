import * as tf from '@tensorflow/tfjs-core';
import { LibtorchBackendError } from '../src/LibtorchBackendError.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackKernelNames, getThreads, isLibtorchAvailable, nativeKernelNames, registerLibtorchBackend, setThreads } from '../src/index.js';

describe.skipIf(!isLibtorchAvailable())('errors and fallback', () => {
  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('libtorch');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('turns a libtorch shape error into a JavaScript Error and keeps going', () => {
    const a = tf.ones([2, 3]);
    const b = tf.ones([4, 5]);
    const before = tf.memory().numTensors;
    // runKernel bypasses tfjs-core's own shape checks, so the error comes from libtorch itself.
    expect(() => tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA: false, transposeB: false })).toThrow(/libtorch: .*shapes cannot be multiplied/);
    expect(() => tf.engine().runKernel('Add', { a, b }, {})).toThrow(/libtorch: .*must match the size/);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(tf.add(a, a).dataSync())).toEqual([2, 2, 2, 2, 2, 2]);
    tf.dispose([a, b]);
  });

  it('reports an out-of-range gather index as an Error, not a crash', () => {
    const x = tf.ones([3, 2]);
    const indices = tf.tensor1d([0, 7], 'int32');
    expect(() => tf.engine().runKernel('GatherV2', { x, indices }, { axis: 0, batchDims: 0 })).toThrow(/libtorch: /);
    tf.dispose([x, indices]);
  });

  it('runs kernels it lacks through the cpu backend and reports them', () => {
    expect(nativeKernelNames()).not.toContain('Range');
    expect(nativeKernelNames()).not.toContain('TopK');
    const r = tf.range(0, 5);
    expect(Array.from(r.dataSync())).toEqual([0, 1, 2, 3, 4]);
    const { values, indices } = tf.topk(tf.tensor1d([3, 1, 4, 1, 5]), 2);
    expect(Array.from(values.dataSync())).toEqual([5, 4]);
    expect(Array.from(indices.dataSync())).toEqual([4, 2]);
    expect(fallbackKernelNames()).toEqual(expect.arrayContaining(['Range', 'TopK']));
    expect(tf.getBackend()).toBe('libtorch');
    tf.dispose([r, values, indices]);
  });

  it('falls back for inputs libtorch cannot hold (strings) and for unsupported attributes (GatherV2 batchDims)', () => {
    const s = tf.tensor1d(['a', 'b', 'c'], 'string');
    const picked = tf.concat([tf.reshape(s, [3, 1]), tf.reshape(s, [3, 1])], 1);
    expect(picked.shape).toEqual([3, 2]);
    expect(picked.dataSync()).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const g = tf.gather(x, tf.tensor2d([[2], [0]], [2, 1], 'int32'), 1, 1);
    expect(Array.from(g.dataSync())).toEqual([3, 4]);
    tf.dispose([s, picked, x, g]);
  });

  it('sets and reads the thread count, validating it', () => {
    const original = getThreads();
    expect(original).toBeGreaterThanOrEqual(1);
    setThreads(1);
    expect(getThreads()).toBe(1);
    setThreads(original);
    expect(getThreads()).toBe(original);
    expect(() => setThreads(0)).toThrow("setThreads: 'n' must be a positive integer; got 0.");
    expect(() => setThreads(-2)).toThrow(LibtorchBackendError);
    expect(() => setThreads(-2)).toThrow(expect.objectContaining({ code: 'invalid-argument', name: 'LibtorchBackendError' }));
    expect(() => setThreads(1.5)).toThrow(/positive integer; got 1.5/);
  });

  it('registerLibtorchBackend is idempotent', () => {
    expect(registerLibtorchBackend()).toBe(true);
    expect(registerLibtorchBackend()).toBe(true);
    expect(tf.findBackend('libtorch')).not.toBeNull();
  });
});
