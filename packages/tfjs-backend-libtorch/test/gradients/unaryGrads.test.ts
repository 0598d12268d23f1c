import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable } from '../../src/index.js';
import { closeEnough, values, type KernelResult } from '../helpers/compareBackends.js';
import { useLibtorchThenCpu } from '../helpers/libtorchThenCpu.js';

const SPECIAL = [0, -0, 1e-30, -1e-30, Infinity, -Infinity, NaN, 3, -3, 20, -20, 13.9, -13.9, 14, -14, 90, -90];
const OPS = {
  Relu: (x: tf.Tensor) => tf.relu(x),
  Softplus: (x: tf.Tensor) => tf.softplus(x),
  Square: (x: tf.Tensor) => tf.square(x),
} as const;
type OpName = keyof typeof OPS;

/** [f(x), d/dx sum(f(x) * w)] for x of `shape` (scaled by `scale`), optionally seeded with special values. */
function resultsOn(backend: string, op: OpName, shape: number[], special: boolean, scale = 1): KernelResult[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = values({ shape }, 31).map((v) => v * scale);
    const ws = values({ shape }, 32);
    if (special) {
      SPECIAL.forEach((v, k) => { xs[k] = v; });
      ws[1] = Infinity;
      ws[2] = NaN;
      ws[5] = Infinity;
    }
    const x = tf.tensor(xs, shape);
    const w = tf.tensor(ws, shape);
    const y = OPS[op](x);
    const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(OPS[op](xi), w)))(x);
    return [y, g].map((t) => ({ shape: [...t.shape], dtype: t.dtype, data: Array.from(t.dataSync()) }));
  });
}

/** Indices where `actual` differs from `expected`: NaN must match NaN, other values agree to 1e-5. */
function mismatches(actual: KernelResult[], expected: KernelResult[]): string[] {
  const out: string[] = [];
  expected.forEach((e, o) => {
    const a = actual[o];
    if (a === undefined || a.dtype !== e.dtype || a.shape.join() !== e.shape.join()) out.push(`output ${o}: dtype/shape`);
    e.data.forEach((ev, k) => {
      const av = a?.data[k] ?? NaN;
      if (Number.isNaN(ev) ? !Number.isNaN(av) : !closeEnough(av, ev)) out.push(`output ${o}[${k}]: ${av}, expected ${ev}`);
    });
  });
  return out;
}

describe.skipIf(!isLibtorchAvailable())('native Relu, Softplus and Square gradients (and Softplus) agree with TF.js on cpu', () => {
  useLibtorchThenCpu();

  const cases = (['Relu', 'Softplus', 'Square'] as const).flatMap((op) => [
    [op, 'rank 1', [17], false, 1],
    [op, 'NHWC', [2, 5, 4, 3], false, 1],
    [op, 'large, wide range (parallel chunks, vector loop and its tail)', [3, 40001], false, 10],
    [op, 'special values in x and dy', [19], true, 1],
  ] as const);

  it.each(cases)('%s, %s', (op, _label, shape, special, scale) => {
    const expected = resultsOn('cpu', op, [...shape], special, scale);
    const before = tf.memory().numTensors;
    const actual = resultsOn('libtorch', op, [...shape], special, scale);
    expect(tf.memory().numTensors).toBe(before);
    expect(mismatches(actual, expected)).toEqual([]);
    if (special) expect(expected[1]?.data.some(Number.isNaN)).toBe(true);
  });

  it.each(['Relu', 'Square'] as const)('%s with a broadcast dy (per-channel mean of NHWC, as batch-norm moments)', (op) => {
    const gradient = (backend: string): KernelResult[] => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const shape = [4, 3, 5, 6];
        const x = tf.tensor(values({ shape }, 41), shape);
        const w = tf.tensor1d(values({ shape: [6] }, 42));
        const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.mean(OPS[op](xi), [0, 1, 2]), w)))(x);
        return [{ shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) }];
      });
    };
    const expected = gradient('cpu');
    const before = tf.memory().numTensors;
    const actual = gradient('libtorch');
    expect(tf.memory().numTensors).toBe(before);
    expect(mismatches(actual, expected)).toEqual([]);
  });

  it.each(['Relu', 'Square'] as const)('%s with dy a strided view (the gradient of a zero padding is a slice of its dy)', (op) => {
    const gradient = (backend: string): KernelResult[] => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const shape = [3, 5, 6, 7];
        const x = tf.tensor(values({ shape }, 43), shape);
        const w = tf.tensor(values({ shape: [3, 8, 9, 7] }, 44), [3, 8, 9, 7]);
        const padded = (xi: tf.Tensor): tf.Tensor => tf.pad(OPS[op](xi), [[0, 0], [1, 2], [2, 1], [0, 0]]);
        const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(padded(xi), w)))(x);
        return [{ shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) }];
      });
    };
    const expected = gradient('cpu');
    const before = tf.memory().numTensors;
    const actual = gradient('libtorch');
    expect(tf.memory().numTensors).toBe(before);
    expect(mismatches(actual, expected)).toEqual([]);
  });

  it("Relu's gradient is exactly zero where x <= 0 and NaN where x is NaN", () => {
    tf.setBackend('libtorch');
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.relu(x)))(tf.tensor1d([-2, 0, 2, NaN])));
    expect(Array.from(g.dataSync())).toEqual([0, 0, 1, NaN]);
    g.dispose();
  });

  it("Softplus's gradient is the sigmoid: 1/2 at 0, 1 and 0 at ±inf", () => {
    tf.setBackend('libtorch');
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.softplus(x)))(tf.tensor1d([0, Infinity, -Infinity, 0, 0, 0, 0, 0, 0])));
    expect(Array.from(g.dataSync())).toEqual([0.5, 1, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    g.dispose();
  });

  it.each([
    ['Relu', 'LibtorchReluGrad', 'Step'],
    ['Softplus', 'LibtorchSoftplusGrad', 'Sigmoid'],
    ['Square', 'LibtorchSquareGrad', 'Multiply'],
  ] as const)('%s: uses %s on libtorch only (fewer %s calls than on cpu)', async (op, gradKernel, replaced) => {
    const kernels = async (backend: string): Promise<string[]> => {
      await tf.setBackend(backend);
      return (await tf.profile(() => void resultsOn(backend, op, [2, 3], false))).kernels.map((k) => k.name);
    };
    const onLibtorch = await kernels('libtorch');
    const onCpu = await kernels('cpu');
    expect(onLibtorch).toContain(gradKernel);
    expect(onCpu).not.toContain(gradKernel);
    const count = (names: string[]): number => names.filter((name) => name === replaced).length;
    expect(count(onLibtorch)).toBeLessThan(count(onCpu));
  });
});
