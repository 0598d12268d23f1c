import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibtorchAvailable, registerLibtorchBackend } from '../../src/index.js';

interface LibtorchMemory extends tf.MemoryInfo {
  numBytesInLibtorch: number;
}

const LARGE = 100_000;

describe.skipIf(!isLibtorchAvailable())('reading tensors back (toArray)', () => {
  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('libtorch');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['float32, small', 'float32', 10],
    ['float32, large', 'float32', LARGE],
    ['int32, large', 'int32', LARGE],
    ['bool, large', 'bool', 4 * LARGE],
  ] as const)('%s: values survive the tensor', (_label, dtype, n) => {
    const expected = Array.from({ length: n }, (_, k) => (dtype === 'bool' ? k % 3 === 0 ? 1 : 0 : dtype === 'int32' ? k - 7 : k * 0.5 - 3));
    const t = tf.tensor(expected, [n], dtype);
    // a computed (native) result, not the array we wrote
    const doubled = dtype === 'bool' ? tf.logicalAnd(t, t) : tf.mul(t, 2);
    const values = doubled.dataSync();
    tf.dispose([t, doubled]);
    // overwrite freed memory with other tensors, then read the old array again
    const noise = tf.fill([n], 9, dtype === 'bool' ? 'int32' : dtype);
    noise.dataSync();
    noise.dispose();
    const want = expected.map((v) => (dtype === 'bool' ? v : v * 2));
    expect(values.length).toBe(n);
    expect(Array.from(values).every((v, k) => v === want[k])).toBe(true);
  });

  it('reads a non-contiguous (transposed) tensor in row-major order', () => {
    const x = tf.tensor2d(Array.from({ length: 400 * 300 }, (_, k) => k), [400, 300]);
    const xt = tf.transpose(x);
    const values = xt.dataSync();
    expect(values[1]).toBe(300);
    expect(values[300 * 400 - 1]).toBe(400 * 300 - 1);
    tf.dispose([x, xt]);
  });

  it('a read-back array is independent of the tensor: disposing the tensor releases it from tf.memory()', () => {
    const before = (tf.memory() as LibtorchMemory).numBytesInLibtorch;
    const t = tf.tidy(() => tf.mul(tf.ones([LARGE]), 3));
    const values = t.dataSync();
    t.dispose();
    expect((tf.memory() as LibtorchMemory).numBytesInLibtorch).toBe(before);
    expect(values[LARGE - 1]).toBe(3);
  });
});
