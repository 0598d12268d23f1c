import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable, nativeKernelNames } from '../src/index.js';
import { logSoftmaxGatherKernels } from '../src/kernels/logSoftmaxGatherKernels.js';
import { firstMismatch, runCase, type KernelResult } from './helpers/compareBackends.js';
import { kernelCases } from './helpers/kernelCases.js';
import { useLibtorchThenCpu } from './helpers/libtorchThenCpu.js';

const SEED = 20261127;

function resultOn(backend: string, c: (typeof kernelCases)[number], seed: number): KernelResult[] {
  tf.setBackend(backend);
  return runCase(c, seed);
}

describe.skipIf(!isLibtorchAvailable())('native kernels agree with the cpu backend', () => {
  useLibtorchThenCpu();

  it('has a case for every native kernel (the two TF.js lacks are tested against float64 in kernels/logSoftmaxGather.test.ts)', () => {
    const covered = new Set([...kernelCases.map((c) => c.kernel), ...logSoftmaxGatherKernels.map((k) => k.name)]);
    expect(nativeKernelNames().filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(kernelCases.map((c, k) => [`${c.kernel}${c.label ? ` (${c.label})` : ''}`, c, k] as const))('%s', (_name, c, k) => {
    const seed = SEED + 104729 * k;
    const expected = resultOn('cpu', c, seed);
    const before = tf.memory().numTensors;
    const actual = resultOn('libtorch', c, seed);
    expect(tf.memory().numTensors).toBe(before);
    const mismatch = firstMismatch(actual, expected);
    expect(mismatch, `seed ${seed}`).toBeUndefined();
  });
});
