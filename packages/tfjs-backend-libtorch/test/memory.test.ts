import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibtorchAvailable, registerLibtorchBackend } from '../src/index.js';

interface LibtorchMemory extends tf.MemoryInfo {
  numBytesInLibtorch: number;
  numNativeTensors: number;
}

const memory = (): LibtorchMemory => tf.memory() as LibtorchMemory;

describe.skipIf(!isLibtorchAvailable())('libtorch backend memory', () => {
  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('libtorch');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('frees native memory as soon as a tensor is disposed, and tf.memory() counts it', () => {
    const before = memory();
    const t = tf.zeros([1000, 250]);
    const during = memory();
    expect(during.numTensors).toBe(before.numTensors + 1);
    expect(during.numNativeTensors).toBe(before.numNativeTensors + 1);
    expect(during.numBytesInLibtorch - before.numBytesInLibtorch).toBe(1_000_000);
    expect(during.numBytes - before.numBytes).toBe(1_000_000);
    t.dispose();
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numNativeTensors).toBe(before.numNativeTensors);
    expect(after.numBytesInLibtorch).toBe(before.numBytesInLibtorch);
  });

  it('keeps a view alive after its base is disposed (shared storage, freed with the last user)', () => {
    const before = memory();
    const base = tf.ones([4, 6]);
    const view = tf.tidy(() => tf.reshape(tf.transpose(base), [24]));
    base.dispose();
    expect(Array.from(view.dataSync()).every((v) => v === 1)).toBe(true);
    view.dispose();
    expect(memory().numNativeTensors).toBe(before.numNativeTensors);
    expect(memory().numBytesInLibtorch).toBe(before.numBytesInLibtorch);
  });

  it('tidy leaves no native tensors behind', () => {
    const before = memory();
    const kept = tf.tidy(() => {
      const x = tf.randomNormal([8, 8]);
      const y = tf.sum(tf.relu(tf.matMul(x, x)));
      return y;
    });
    expect(memory().numNativeTensors).toBe(before.numNativeTensors + 1);
    kept.dispose();
    expect(memory().numNativeTensors).toBe(before.numNativeTensors);
  });

  it('resident memory does not grow over 1000 training steps of a small model', async () => {
    // A 2-layer MLP trained with Adam through optimizer.minimize: every step allocates and frees dozens of
    // native tensors. After a warm-up (allocator pools, V8 code), RSS must stay flat.
    const w1 = tf.variable(tf.randomNormal([32, 64], 0, 0.1));
    const b1 = tf.variable(tf.zeros([64]));
    const w2 = tf.variable(tf.randomNormal([64, 10], 0, 0.1));
    const x = tf.randomNormal([64, 32]);
    const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10);
    const optimizer = tf.train.adam(1e-3);
    const step = (): void => {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2)) as tf.Scalar);
    };
    for (let k = 0; k < 300; ++k) step();
    const tensorsBefore = tf.memory().numTensors;
    const nativeBefore = memory().numNativeTensors;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    for (let k = 0; k < 1000; ++k) step();
    global.gc?.();
    const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(memory().numNativeTensors).toBe(nativeBefore);
    process.stderr.write(`rss growth over 1000 steps: ${grownMb.toFixed(2)} MB\n`);
    // 1000 steps allocate ~1000 x 60 tensors (~200 MB in total); a leak of even one buffer per step would exceed this.
    expect(grownMb).toBeLessThan(24);
    tf.dispose([w1, b1, w2, x, y]);
    optimizer.dispose();
  });
});
