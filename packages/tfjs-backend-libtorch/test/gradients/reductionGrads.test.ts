import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable } from '../../src/index.js';
import { firstMismatch, values, type KernelResult } from '../helpers/compareBackends.js';
import { useLibtorchThenCpu } from '../helpers/libtorchThenCpu.js';

type Case = { op: 'sum' | 'mean'; axis?: number | number[]; keepDims: boolean };
const CASES: Case[] = [
  { op: 'sum', axis: 1, keepDims: false },
  { op: 'sum', axis: [0, 2], keepDims: true },
  { op: 'sum', keepDims: false },
  { op: 'mean', axis: -1, keepDims: false },
  { op: 'mean', axis: [0, 1], keepDims: true },
  { op: 'mean', keepDims: false },
];
const SHAPE = [3, 4, 5];

/** d/dx sum(reduce(x * x) * w): the reduction's gradient is fed a non-constant dy. */
function gradientOn(backend: string, c: Case): KernelResult[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor(values({ shape: SHAPE }, 21), SHAPE);
    const f = (xi: tf.Tensor): tf.Scalar => {
      const r = c.op === 'sum' ? tf.sum(tf.mul(xi, xi), c.axis, c.keepDims) : tf.mean(tf.mul(xi, xi), c.axis, c.keepDims);
      const w = tf.tensor(values({ shape: r.shape }, 22), r.shape);
      return tf.sum(tf.mul(r, w));
    };
    const g = tf.grad(f)(x);
    return [{ shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) }];
  });
}

describe.skipIf(!isLibtorchAvailable())('Sum/Mean gradients as broadcast views agree with TF.js on cpu', () => {
  useLibtorchThenCpu();

  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => {
    const expected = gradientOn('cpu', c);
    const before = tf.memory().numTensors;
    const actual = gradientOn('libtorch', c);
    expect(tf.memory().numTensors).toBe(before);
    expect(firstMismatch(actual, expected)).toBeUndefined();
  });

  it('uses the broadcast kernel on libtorch only', async () => {
    const c = CASES[3] as Case;
    const kernels = async (backend: string): Promise<string[]> => {
      await tf.setBackend(backend);
      return (await tf.profile(() => void gradientOn(backend, c))).kernelNames;
    };
    expect(await kernels('libtorch')).toContain('LibtorchExpand');
    expect(await kernels('cpu')).not.toContain('LibtorchExpand');
  });
});
