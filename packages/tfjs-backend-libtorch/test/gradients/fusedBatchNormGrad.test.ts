import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable } from '../../src/index.js';
import { firstMismatch, values, type KernelResult } from '../helpers/compareBackends.js';
import { useLibtorchThenCpu } from '../helpers/libtorchThenCpu.js';

type Case = { label: string; x: number[]; withScale: boolean; withOffset: boolean; moments: boolean };

const CASES: Case[] = [
  { label: 'NHWC, scale and offset', x: [3, 4, 5, 6], withScale: true, withOffset: true, moments: false },
  // (TF.js's own tape cannot differentiate batchNorm without offset or scale -- on any backend -- so every case
  // passes both, as tfjs-layers does.)
  { label: 'dense [N, C]', x: [7, 5], withScale: true, withOffset: true, moments: false },
  { label: 'rank 3 [N, L, C]', x: [2, 5, 3], withScale: true, withOffset: true, moments: false },
  { label: 'training mode (statistics from tf.moments)', x: [4, 3, 3, 6], withScale: true, withOffset: true, moments: true },
];

/** Gradients of sum(batchNorm(...) * w) w.r.t. every input, read back. */
function gradientsOn(backend: string, c: Case): KernelResult[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const channels = c.x[c.x.length - 1] ?? 1;
    const x = tf.tensor(values({ shape: c.x }, 1), c.x);
    const w = tf.tensor(values({ shape: c.x }, 2), c.x);
    const mean = tf.tensor1d(values({ shape: [channels] }, 3));
    const variance = tf.tensor1d(values({ shape: [channels], domain: 'positive' }, 4));
    const offset = tf.tensor1d(values({ shape: [channels] }, 5));
    const scale = tf.tensor1d(values({ shape: [channels] }, 6));
    // Differentiate only with respect to the inputs the case uses (tf.grads rejects unused ones).
    const used: Array<[string, tf.Tensor]> = [['x', x]];
    if (!c.moments) used.push(['mean', mean], ['variance', variance]);
    if (c.withOffset) used.push(['offset', offset]);
    if (c.withScale) used.push(['scale', scale]);
    const f = (...args: tf.Tensor[]): tf.Scalar => {
      const byName = new Map(used.map(([name], k) => [name, args[k] as tf.Tensor]));
      const xi = byName.get('x') as tf.Tensor;
      const axes = c.x.slice(0, -1).map((_, k) => k);
      const stats = c.moments ? tf.moments(xi, axes) : { mean: byName.get('mean') as tf.Tensor, variance: byName.get('variance') as tf.Tensor };
      const y = tf.batchNorm(xi, stats.mean, stats.variance, byName.get('offset'), byName.get('scale'), 1e-3);
      return tf.sum(tf.mul(y, w));
    };
    const grads = tf.grads(f)(used.map(([, t]) => t));
    return grads.map((g) => ({ shape: [...g.shape], dtype: g.dtype, data: Array.from(g.dataSync()) }));
  });
}

describe.skipIf(!isLibtorchAvailable())('fused FusedBatchNorm gradient (libtorch) agrees with TF.js\'s gradient on cpu', () => {
  useLibtorchThenCpu();

  it.each(CASES.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const expected = gradientsOn('cpu', c);
    const before = tf.memory().numTensors;
    const actual = gradientsOn('libtorch', c);
    expect(tf.memory().numTensors).toBe(before);
    expect(firstMismatch(actual, expected, 1e-4)).toBeUndefined();
  });

  it('without scale equals scale = 1 (kernel called directly)', async () => {
    await tf.setBackend('libtorch');
    const [withOnes, without] = tf.tidy(() => {
      const shape = [2, 3, 3, 4];
      const dy = tf.tensor(values({ shape }, 8), shape);
      const x = tf.tensor(values({ shape }, 9), shape);
      const mean = tf.tensor1d(values({ shape: [4] }, 10));
      const variance = tf.tensor1d(values({ shape: [4], domain: 'positive' }, 11));
      const run = (inputs: tf.NamedTensorMap): number[][] =>
        (tf.engine().runKernel('LibtorchFusedBatchNormGrad', inputs, { varianceEpsilon: 1e-3 }) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
      return [run({ dy, x, mean, variance, scale: tf.ones([4]) }), run({ dy, x, mean, variance })];
    });
    expect(without).toEqual(withOnes);
    expect(withOnes.length).toBe(5);
    await tf.setBackend('cpu');
  });

  it('is used on libtorch (the fused kernel runs) and not on cpu', async () => {
    const c = CASES[0] as Case;
    const profile = async (backend: string): Promise<string[]> => {
      await tf.setBackend(backend);
      const info = await tf.profile(() => {
        gradientsOn(backend, c);
      });
      return info.kernelNames;
    };
    expect(await profile('libtorch')).toContain('LibtorchFusedBatchNormGrad');
    expect(await profile('cpu')).not.toContain('LibtorchFusedBatchNormGrad');
  });
});
