import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/wasm/registerWasmTrainingKernels.js';
import { expectClose, randomValues, valuesOn } from './helpers.js';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

async function sameOnBothBackends(f: () => tf.Tensor, rtol = 1e-6): Promise<void> {
  const cpu = await valuesOn('cpu', f);
  const wasm = await valuesOn('wasm', f);
  expectClose(wasm, cpu, rtol);
}

describe('Tile (block copies in the wasm heap)', () => {
  const CASES: readonly [number[], number[]][] = [
    [[1, 1, 1, 5], [3, 4, 2, 1]],
    [[2, 3], [3, 2]],
    [[4], [5]],
    [[2, 1, 3], [1, 4, 2]],
    [[3, 2, 2], [1, 1, 1]],
    [[2, 3], [0, 2]],
  ];
  for (const [shape, reps] of CASES) {
    it(`[${shape.join(',')}] × [${reps.join(',')}] matches cpu`, async () => {
      const v = randomValues(shape.reduce((a, b) => a * b, 1), 9);
      await sameOnBothBackends(() => tf.tile(tf.tensor(v, shape), reps), 0);
    });
  }

  it('tiles int32 and bool tensors exactly', async () => {
    await sameOnBothBackends(() => tf.cast(tf.tile(tf.tensor2d([[1, -2, 3]], [1, 3], 'int32'), [3, 2]), 'float32'), 0);
    await sameOnBothBackends(() => tf.cast(tf.tile(tf.tensor1d([true, false], 'bool'), [3]), 'float32'), 0);
  });
});

describe('MaxPoolGrad (one pass over the windows)', () => {
  type Pad = 'same' | 'valid' | number;
  const CASES: readonly { x: [number, number, number, number]; k: [number, number]; s: [number, number]; pad: Pad }[] = [
    { x: [2, 8, 8, 3], k: [2, 2], s: [2, 2], pad: 'valid' },
    { x: [2, 7, 9, 4], k: [3, 3], s: [2, 2], pad: 'same' }, // overlapping windows, asymmetric padding
    { x: [1, 6, 5, 2], k: [3, 2], s: [1, 2], pad: 'valid' },
    { x: [2, 5, 5, 3], k: [3, 3], s: [1, 1], pad: 1 },
  ];
  for (const c of CASES) {
    it(`x=[${c.x.join(',')}] k=[${c.k.join(',')}] s=[${c.s.join(',')}] pad=${c.pad} matches cpu`, async () => {
      const xv = randomValues(c.x.reduce((a, b) => a * b, 1), 21);
      const pool = (x: tf.Tensor): tf.Tensor => tf.maxPool(x as tf.Tensor4D, c.k, c.s, c.pad);
      // A distinct weight per output, so that a gradient sent to the wrong input shows.
      const loss = (x: tf.Tensor): tf.Scalar => {
        const y = pool(x);
        return tf.sum(tf.mul(y, tf.reshape(tf.range(1, 1 + y.size), y.shape)));
      };
      await sameOnBothBackends(() => tf.grad(loss)(tf.tensor(xv, c.x)));
    });
  }

  it('sends the gradient of a tied window to its first maximum only, like TensorFlow', async () => {
    const x = [1, 5, 5, 0, /**/ 2, 2, 2, 2, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 0];
    const dx = await valuesOn('wasm', () => tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor(x, [1, 4, 4, 1])));
    expect(Array.from(dx)).toEqual([0, 1, 1, 0, /**/ 0, 0, 0, 0, /**/ 1, 0, 1, 0, /**/ 0, 0, 0, 0]);
  });
});

describe('BatchMatMul / _FusedMatMul with transposed operands', () => {
  for (const [ta, tb] of [[true, false], [false, true], [true, true], [false, false]] as const) {
    it(`transposeA=${ta} transposeB=${tb} matches cpu (2-D and batched, fused with bias + relu)`, async () => {
      const a = randomValues(2 * 6 * 5, 31);
      const b = randomValues(2 * 5 * 4, 32);
      const aShape = ta ? [2, 5, 6] : [2, 6, 5];
      const bShape = tb ? [2, 4, 5] : [2, 5, 4];
      await sameOnBothBackends(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb), 1e-5);
      await sameOnBothBackends(() => tf.matMul(tf.tensor(a.slice(0, 30), aShape.slice(1)), tf.tensor(b.slice(0, 20), bShape.slice(1)), ta, tb), 1e-5);
      await sameOnBothBackends(
        () =>
          tf.fused.matMul({
            a: tf.tensor(a.slice(0, 30), aShape.slice(1)),
            b: tf.tensor(b.slice(0, 20), bShape.slice(1)),
            transposeA: ta,
            transposeB: tb,
            bias: tf.tensor1d([0.1, -0.2, 0.3, -0.4]),
            activation: 'relu',
          }),
        1e-5,
      );
    });
  }
});

describe('Sum / Mean over leading axes (one streaming pass)', () => {
  const x = randomValues(4 * 3 * 5 * 6, 41);
  const CASES: readonly { axis: number[] | number; keepDims: boolean }[] = [
    { axis: [0, 1, 2], keepDims: false },
    { axis: [0, 1, 2], keepDims: true },
    { axis: [1, 0], keepDims: false },
    { axis: 0, keepDims: true },
    { axis: [0, 1, 2, 3], keepDims: false }, // all axes: left to the original kernel
    { axis: [1, 2], keepDims: true }, // not leading: left to the original kernel
    { axis: [-1], keepDims: false },
  ];
  for (const c of CASES) {
    it(`axis=${JSON.stringify(c.axis)} keepDims=${c.keepDims} matches cpu in values and shape`, async () => {
      for (const op of [tf.sum, tf.mean]) {
        await sameOnBothBackends(() => op(tf.tensor(x, [4, 3, 5, 6]), c.axis, c.keepDims), 1e-5);
        await tf.setBackend('wasm');
        const shape = tf.tidy(() => op(tf.tensor(x, [4, 3, 5, 6]), c.axis, c.keepDims).shape);
        await tf.setBackend('cpu');
        expect(shape).toEqual(tf.tidy(() => op(tf.tensor(x, [4, 3, 5, 6]), c.axis, c.keepDims).shape));
      }
    });
  }

  it('leaves int32 sums to the original kernel (exact integers)', async () => {
    await sameOnBothBackends(() => tf.cast(tf.sum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), 0), 'float32'), 0);
  });
});

describe('Identity / same-dtype Cast without a copy', () => {
  it('returns the same values, and each result outlives the input it was taken from', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([[1, -2], [3.5, 4]]);
    const c = tf.clone(x);
    const k = tf.cast(x, 'float32');
    const i = tf.cast(tf.tensor1d([1, 2, 3], 'int32'), 'int32');
    x.dispose();
    expect(Array.from(await c.data())).toEqual([1, -2, 3.5, 4]);
    expect(Array.from(await k.data())).toEqual([1, -2, 3.5, 4]);
    expect(Array.from(await i.data())).toEqual([1, 2, 3]);
    expect(c.shape).toEqual([2, 2]);
    tf.dispose([c, k, i]);
  });

  it('casts to bool as x ≠ 0 (tfjs-backend-wasm 4.22 gives 253 for −3), other conversions as before', async () => {
    await sameOnBothBackends(() => tf.cast(tf.cast(tf.tensor1d([1.7, -2.2, 0]), 'int32'), 'float32'), 0);
    await sameOnBothBackends(() => tf.cast(tf.cast(tf.tensor1d([1.7, 0, -3, -0.5]), 'bool'), 'float32'), 0);
    await sameOnBothBackends(() => tf.cast(tf.cast(tf.tensor1d([2, 0, -300], 'int32'), 'bool'), 'float32'), 0);
  });
});

describe('memory', () => {
  it('the replaced kernels leak no tensors and no wasm memory', async () => {
    await tf.setBackend('wasm');
    const before = { tensors: tf.memory().numTensors, data: tf.backend().numDataIds() };
    tf.tidy(() => {
      tf.tile(tf.ones([1, 2]), [3, 1]);
      tf.clone(tf.ones([2, 2]));
      tf.cast(tf.ones([2, 2]), 'float32');
      tf.cast(tf.ones([2, 2]), 'bool');
      tf.sum(tf.ones([3, 4, 2]), [0, 1]);
      tf.mean(tf.ones([3, 4, 2]), [0], true);
      tf.matMul(tf.ones([3, 2]), tf.ones([3, 4]), true, false);
      tf.fused.matMul({ a: tf.ones([3, 2]), b: tf.ones([4, 2]), transposeB: true, bias: tf.ones([4]) });
      tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(tf.ones([1, 4, 4, 2]));
    });
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(tf.backend().numDataIds()).toBe(before.data);
  });
});
