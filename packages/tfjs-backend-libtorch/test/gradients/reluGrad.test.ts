import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibtorchAvailable, registerLibtorchBackend } from '../../src/index.js';
import { closeEnough, values, type KernelResult } from '../helpers/compareBackends.js';

const SPECIAL = [0, -0, 1e-30, -1e-30, Infinity, -Infinity, NaN, 3, -3];

/** d/dx sum(relu(x) * w) for x of `shape`, optionally seeded with special values in x and in w (dy). */
function gradientOn(backend: string, shape: number[], special: boolean): KernelResult[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = values({ shape }, 31);
    const ws = values({ shape }, 32);
    if (special) {
      SPECIAL.forEach((v, k) => { xs[k] = v; });
      ws[1] = Infinity;
      ws[2] = NaN;
    }
    const x = tf.tensor(xs, shape);
    const w = tf.tensor(ws, shape);
    const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.relu(xi), w)))(x);
    return [{ shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) }];
  });
}

describe.skipIf(!isLibtorchAvailable())("Relu's native gradient agrees with TF.js on cpu", () => {
  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('libtorch');
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['rank 1', [17], false],
    ['NHWC', [2, 5, 4, 3], false],
    ['large (parallel chunks)', [3, 40000], false],
    ['special values in x and dy', [12], true],
  ] as const)('%s', (_label, shape, special) => {
    const expected = gradientOn('cpu', [...shape], special);
    const before = tf.memory().numTensors;
    const actual = gradientOn('libtorch', [...shape], special);
    expect(tf.memory().numTensors).toBe(before);
    const [a, e] = [actual[0], expected[0]];
    expect(a?.shape).toEqual(e?.shape);
    expect(a?.dtype).toBe('float32');
    // NaN where the cpu has NaN (0 * inf, NaN * ...), else equal to 1e-5
    const mismatches = (e?.data ?? []).filter((ev, k) => {
      const av = a?.data[k] ?? NaN;
      return Number.isNaN(ev) ? !Number.isNaN(av) : !closeEnough(av, ev);
    });
    expect(mismatches).toEqual([]);
    if (special) expect((e?.data ?? []).some(Number.isNaN)).toBe(true);
  });

  it('is exactly zero where x <= 0 and NaN where x is NaN', () => {
    tf.setBackend('libtorch');
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.relu(x)))(tf.tensor1d([-2, 0, 2, NaN])));
    expect(Array.from(g.dataSync())).toEqual([0, 0, 1, NaN]);
    g.dispose();
  });

  it('uses the native kernel on libtorch only', async () => {
    const kernels = async (backend: string): Promise<string[]> => {
      await tf.setBackend(backend);
      return (await tf.profile(() => void gradientOn(backend, [2, 3], false))).kernelNames;
    };
    const onLibtorch = await kernels('libtorch');
    expect(onLibtorch).toContain('LibtorchReluGrad');
    expect(onLibtorch).not.toContain('Step');
    expect(await kernels('cpu')).not.toContain('LibtorchReluGrad');
  });
});
