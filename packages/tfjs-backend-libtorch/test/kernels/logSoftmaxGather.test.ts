// LogSoftmaxGather and LogSoftmaxGatherGrad (src/kernels/logSoftmaxGatherKernels.ts, native/ops_softmax.cc), kernels
// TF.js does not have: against a float64 reference computed here, at row lengths that do and do not fill the 8-lane
// loops, with extreme logits, a true class of probability near 1, int32 logits (the ATen path) and bad indices.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { isLibtorchAvailable } from '../../src/index.js';
import { useLibtorchThenCpu } from '../helpers/libtorchThenCpu.js';

/** Deterministic logits in [-4, 4) with some extreme entries; row b's index is (7b + 3) mod C. */
function inputs(rows: number, cols: number, extreme: number): { x: number[]; indices: number[] } {
  const x = Array.from({ length: rows * cols }, (_, k) => 4 * Math.sin(1.3 * k + 0.7));
  if (extreme !== 0) {
    x[0] = extreme; // row 0: one huge logit
    x[cols + 1] = -extreme; // row 1: one hugely negative logit
    // row 2: every logit near -extreme (float32 spacing there 2^-10: log Σ exp must not be formed as one number)
    for (let c = 0; c < cols; c++) x[2 * cols + c] = -extreme + (x[2 * cols + c] as number);
  }
  // the float32 values the kernels see, so that the float64 reference starts from the same numbers
  x.forEach((v, k) => (x[k] = Math.fround(v)));
  return { x, indices: Array.from({ length: rows }, (_, b) => (7 * b + 3) % cols) };
}

/** float64: log softmax(x_b)[i_b], max x_b, log Σ exp(x_b − max), and the gradient of Σ_b dy_b·log softmax(x_b)[i_b]. */
function reference(x: readonly number[], indices: readonly number[], cols: number, dy: readonly number[]) {
  const at: number[] = [];
  const max: number[] = [];
  const logSum: number[] = [];
  const grad: number[] = [];
  indices.forEach((i, b) => {
    const row = x.slice(b * cols, (b + 1) * cols);
    const m = Math.max(...row);
    const l = Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    max.push(m);
    logSum.push(l);
    at.push((row[i] as number) - m - l);
    const d = dy[b] as number;
    row.forEach((v, c) => grad.push(c === i ? -d * Math.expm1((row[i] as number) - m - l) : -d * Math.exp(v - m - l)));
  });
  return { at, max, logSum, grad };
}

function run(x: tf.Tensor2D, indices: number[], dy: number[]) {
  return tf.tidy(() => {
    const ids = tf.tensor1d(indices, 'int32');
    const [at, max, logSum] = tf.engine().runKernel('LogSoftmaxGather', { x, indices: ids }) as tf.Tensor[];
    const grad = tf.engine().runKernel('LogSoftmaxGatherGrad', { x, indices: ids, max: max!, logSum: logSum!, logSoftmaxAt: at!, dy: tf.tensor1d(dy) }) as tf.Tensor;
    const read = (t: tf.Tensor | undefined) => Array.from(t!.dataSync());
    return { at: read(at), max: read(max), logSum: read(logSum), grad: read(grad), shape: grad.shape };
  });
}

/** |a − e| ≤ tol·(1 + |e|) everywhere (NaN fails), or the first index that is not. */
function firstMismatch(actual: readonly number[], expected: readonly number[], tol: number): number {
  if (actual.length !== expected.length) return 0;
  return expected.findIndex((e, k) => !(Math.abs((actual[k] as number) - e) <= tol * (1 + Math.abs(e))));
}

describe.skipIf(!isLibtorchAvailable())('LogSoftmaxGather and its gradient (libtorch)', () => {
  useLibtorchThenCpu();

  it.each([
    [5, 3, 0],
    [4, 8, 0],
    [6, 37, 0],
    [3, 1003, 0],
    [4, 37, 1e4],
  ])('[%i, %i], extreme %d: values and gradient match float64', async (rows, cols, extreme) => {
    await tf.setBackend('libtorch');
    const { x, indices } = inputs(rows, cols, extreme);
    const dy = Array.from({ length: rows }, (_, b) => 0.5 - 0.3 * b);
    const before = tf.memory().numTensors;
    const xs = tf.tensor2d(x, [rows, cols]);
    const got = run(xs, indices, dy);
    xs.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const want = reference(x, indices, cols, dy);
    expect(got.shape).toEqual([rows, cols]);
    expect(firstMismatch(got.at, want.at, 2e-6)).toBe(-1);
    expect(firstMismatch(got.max, want.max, 0)).toBe(-1);
    expect(firstMismatch(got.logSum, want.logSum, 2e-6)).toBe(-1);
    expect(firstMismatch(got.grad, want.grad, 2e-6)).toBe(-1);
    // log softmax is ≤ 0 and everything finite, also at ±1e4
    expect(got.at.every((v) => v <= 0)).toBe(true);
    expect([...got.at, ...got.logSum, ...got.grad].every(Number.isFinite)).toBe(true);
    await tf.setBackend('cpu');
  });

  it.each(['float32', 'int32'] as const)(
    'the gradient at a true class of probability near 1 is 1 − p to float32 precision (%s logits: AVX2 and ATen paths)',
    async (dtype) => {
      await tf.setBackend('libtorch');
      // row [30, 0, 0, 0]: 1 − p = 3e^-30/(1 + 3e^-30) ≈ 2.8e-13, which p − 1 or log(1 + s) in float32 round to 0
      const xs = tf.tensor2d([[30, 0, 0, 0]], [1, 4], dtype);
      const got = run(xs, [0], [1]);
      xs.dispose();
      const expected = -Math.expm1(-Math.log1p(3 * Math.exp(-30)));
      expect(Math.abs((got.grad[0] as number) - expected) / expected).toBeLessThan(1e-5);
      expect(Math.abs((got.at[0] as number) + 3 * Math.exp(-30)) / (3 * Math.exp(-30))).toBeLessThan(1e-5);
      await tf.setBackend('cpu');
    },
  );

  it('int32 logits take the ATen path and agree with float32 ones', async () => {
    await tf.setBackend('libtorch');
    const values = [[3, -2, 0, 7, 1], [0, 0, 0, 0, 0]];
    const [xi, xf] = [tf.tensor2d(values, [2, 5], 'int32'), tf.tensor2d(values, [2, 5])];
    const ints = run(xi, [3, 2], [1, -2]);
    const floats = run(xf, [3, 2], [1, -2]);
    tf.dispose([xi, xf]);
    expect(firstMismatch(ints.at, floats.at, 1e-6)).toBe(-1);
    expect(firstMismatch(ints.grad, floats.grad, 1e-6)).toBe(-1);
    await tf.setBackend('cpu');
  });

  it('an index outside [0, C) throws, naming the kernel and the range', async () => {
    await tf.setBackend('libtorch');
    const before = tf.memory().numTensors;
    const xs = tf.tensor2d([[1, 2, 3]]);
    expect(() => run(xs, [3], [1])).toThrow(/LogSoftmaxGather: index 3 is out of range \[0, 3\)/);
    expect(() => run(xs, [-1], [1])).toThrow(/out of range/);
    xs.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
  });
});
