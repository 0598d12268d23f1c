import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable } from '../src/index.js';
import { useLibtorchThenCpu } from './helpers/libtorchThenCpu.js';

// NaN, infinities, zeros and extreme values: the libtorch kernels must give what the cpu backend gives
// (NaN where it gives NaN, finite where it is finite).
const SPECIAL = [NaN, -Infinity, -1e4, -100, -1, -0, 0, 1e-30, 1, 100, 1e4, Infinity];

const CASES: Array<[string, Record<string, unknown>]> = [
  ['Step', { alpha: 0 }],
  ['Step', { alpha: 0.25 }],
  ['Relu', {}],
  ['Relu6', {}],
  ['Softplus', {}],
  ['Sigmoid', {}],
  ['Exp', {}],
  ['Log1p', {}],
  ['Abs', {}],
  ['Sign', {}],
  ['ClipByValue', { clipValueMin: -1, clipValueMax: 1 }],
  ['LeakyRelu', { alpha: 0.1 }],
  ['Elu', {}],
  ['IsNan', {}],
  ['IsFinite', {}],
];

function run(backend: string, kernel: string, attrs: Record<string, unknown>): number[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor1d(SPECIAL);
    const y = tf.engine().runKernel(kernel, { x }, attrs as tf.NamedAttrMap) as tf.Tensor;
    return Array.from(y.dataSync() as ArrayLike<number>);
  });
}

function same(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(b);
}

/** Softmax rows of 11 (8 vectorised lanes and a tail of 3) with a special value in the lanes or the tail. */
const SOFTMAX_ROWS = [
  [1e4, -1e4, 0, 100, -100, 88, -88, 1, 2, 3, 4],
  [0, 1, NaN, 3, 4, 5, 6, 7, 8, 9, 10],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, NaN, 10],
  [0, 1, Infinity, 3, 4, 5, 6, 7, 8, 9, 10],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -Infinity],
  Array.from({ length: 11 }, () => -Infinity),
  Array.from({ length: 11 }, () => 1e4),
];

function softmaxOn(backend: string): number[] {
  tf.setBackend(backend);
  return tf.tidy(() => Array.from(tf.softmax(tf.tensor2d(SOFTMAX_ROWS)).dataSync()));
}

/** ArgMax rows of 11: NaN first (index 0 on cpu), NaN later (skipped), ties (the first), infinities. */
const ARGMAX_ROWS = [
  [NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  [0, 1, 2, NaN, 4, 5, 6, 7, 8, 9, 10],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, NaN, 1],
  [0, 7, 2, 3, 4, 5, 6, 7, 8, 9, 9],
  [9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0],
  [0, 1, 2, 3, 4, 5, 6, Infinity, 8, 9, Infinity],
  Array.from({ length: 11 }, () => -Infinity),
];

describe.skipIf(!isLibtorchAvailable())('special values agree with the cpu backend', () => {
  useLibtorchThenCpu();
  it.each(CASES.map(([k, a]) => [`${k} ${JSON.stringify(a)}`, k, a] as const))('%s', (_name, kernel, attrs) => {
    const expected = run('cpu', kernel, attrs);
    const actual = run('libtorch', kernel, attrs);
    const bad = SPECIAL.map((x, k) => ({ x, got: actual[k] ?? NaN, want: expected[k] ?? NaN })).filter((r) => !same(r.got, r.want));
    expect(bad).toEqual([]);
  });

  it('ArgMax rows with NaN, ties and infinities', () => {
    const on = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => Array.from(tf.argMax(tf.tensor2d(ARGMAX_ROWS), -1).dataSync()));
    };
    expect(on('libtorch')).toEqual(on('cpu'));
  });

  it('Softmax keeps its relative accuracy down to the smallest normal probabilities', () => {
    // p_k ∝ exp(-k - k/7) for k = 0..75: from 1 down to about 1e-38, each compared relatively
    const row = Array.from({ length: 76 }, (_, k) => -k - k / 7);
    const on = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => Array.from(tf.softmax(tf.tensor2d([row])).dataSync()));
    };
    const expected = on('cpu');
    const actual = on('libtorch');
    const bad = expected.map((want, k) => ({ k, got: actual[k] ?? NaN, want })).filter((r) => !(Math.abs(r.got - r.want) <= 2e-6 * r.want));
    expect(expected[75]).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  });

  it('Softmax rows with NaN, infinities and extreme logits', () => {
    const expected = softmaxOn('cpu');
    const actual = softmaxOn('libtorch');
    const bad = expected.map((want, k) => ({ k, got: actual[k] ?? NaN, want })).filter((r) => !same(r.got, r.want));
    expect(bad).toEqual([]);
  });
});
