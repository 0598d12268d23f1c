import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it, vi } from 'vitest';
import { isLibtorchAvailable } from '../../src/index.js';
import type { LibtorchBackend } from '../../src/LibtorchBackend.js';
import { LibtorchBackendError } from '../../src/LibtorchBackendError.js';
import { convBatchNorm, hasFusedConvBatchNorm, type ConvBatchNormOptions } from '../../src/ops/index.js';
import { rng } from '../helpers/compareBackends.js';
import { useLibtorchThenCpu } from '../helpers/libtorchThenCpu.js';
import { finiteDifferences, referenceForward, type RefGradInput, type RefInputs, type RefOptions } from './convBatchNormReference.js';

interface Case {
  readonly label: string;
  readonly xShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly options: Omit<ConvBatchNormOptions, 'movingMean' | 'movingVariance'>;
  /** [top, bottom, left, right] that `pad` resolves to (for the float64 reference). */
  readonly pads: [number, number, number, number];
}

const CASES: readonly Case[] = [
  { label: "stride 1, 'same', ReLU, training", xShape: [2, 5, 5, 3], filterShape: [3, 3, 3, 4], options: { pad: 'same', activation: 'relu', training: true, epsilon: 1e-5 }, pads: [1, 1, 1, 1] },
  {
    label: 'stride 2, explicit pad 1, linear, training',
    xShape: [2, 6, 6, 2],
    filterShape: [3, 3, 2, 3],
    options: { strides: 2, pad: [[0, 0], [1, 1], [1, 1], [0, 0]], training: true, epsilon: 1e-3 },
    pads: [1, 1, 1, 1],
  },
  // 'same' at stride 2 on an even size pads 0 before and 1 after: the asymmetric path (explicit pad, then crop).
  { label: "stride 2, asymmetric 'same', ReLU, training", xShape: [3, 4, 4, 2], filterShape: [3, 3, 2, 3], options: { strides: [2, 2], pad: 'same', activation: 'relu', training: true }, pads: [0, 1, 0, 1] },
  { label: "1x1 stride 2 'valid', ReLU, training", xShape: [2, 5, 5, 3], filterShape: [1, 1, 3, 4], options: { strides: 2, pad: 'valid', activation: 'relu', training: true }, pads: [0, 0, 0, 0] },
  { label: "1x1 'valid', linear, inference", xShape: [2, 4, 4, 2], filterShape: [1, 1, 2, 4], options: { pad: 'valid', training: false, epsilon: 1e-3 }, pads: [0, 0, 0, 0] },
  { label: "3x3 'valid', ReLU, inference", xShape: [2, 5, 4, 3], filterShape: [3, 3, 3, 2], options: { pad: 'valid', activation: 'relu', training: false }, pads: [0, 0, 0, 0] },
];

/** Random float64 inputs of a case (values in [-1.5, 1.5]; variances in [0.5, 2]); the same on every backend. */
function caseInputs(c: Case, seed: number): RefInputs {
  const r = rng(seed);
  const uniform = (n: number, lo: number, hi: number): Float64Array => Float64Array.from({ length: n }, () => lo + (hi - lo) * r());
  const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
  const channels = c.filterShape[3];
  // Float64 values that are exactly float32, so both sides start from the same numbers.
  const f32 = (a: Float64Array): Float64Array => Float64Array.from(Float32Array.from(a));
  return {
    x: f32(uniform(size(c.xShape), -1.5, 1.5)),
    xShape: c.xShape,
    filter: f32(uniform(size(c.filterShape), -0.5, 0.5)),
    filterShape: c.filterShape,
    scale: f32(uniform(channels, 0.5, 1.5)),
    offset: f32(uniform(channels, -0.5, 0.5)),
    movingMean: f32(uniform(channels, -0.3, 0.3)),
    movingVariance: f32(uniform(channels, 0.5, 2)),
  };
}

function refOptions(c: Case): RefOptions {
  const s = c.options.strides ?? 1;
  return {
    strides: typeof s === 'number' ? [s, s] : [s[0], s[1]],
    pads: c.pads,
    epsilon: c.options.epsilon ?? 0.001,
    relu: c.options.activation === 'relu',
    training: c.options.training,
  };
}

interface Run {
  readonly y: number[];
  readonly mean: number[];
  readonly variance: number[];
  readonly grads: Partial<Record<RefGradInput, number[]>>;
}

/** Forward and gradients of sum(y · weights) with respect to every input that has one, on the active backend. */
function runOp(c: Case, i: RefInputs, weights: Float64Array): Run {
  return tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(i.x), c.xShape);
    const filter = tf.tensor4d(Float32Array.from(i.filter), c.filterShape);
    const scale = tf.tensor1d(Float32Array.from(i.scale));
    const offset = tf.tensor1d(Float32Array.from(i.offset));
    const movingMean = tf.tensor1d(Float32Array.from(i.movingMean ?? []));
    const movingVariance = tf.tensor1d(Float32Array.from(i.movingVariance ?? []));
    const options = (mm: tf.Tensor1D, mv: tf.Tensor1D): ConvBatchNormOptions => (c.options.training ? c.options : { ...c.options, movingMean: mm, movingVariance: mv });
    const out = convBatchNorm(x, filter, scale, offset, options(movingMean, movingVariance));
    const w = tf.tensor(Float32Array.from(weights), out.y.shape);
    const names: RefGradInput[] = c.options.training ? ['x', 'filter', 'scale', 'offset'] : ['x', 'filter', 'scale', 'offset', 'movingMean', 'movingVariance'];
    const loss = (...args: tf.Tensor[]): tf.Scalar => {
      const [a, b, g, be, mm, mv] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D?, tf.Tensor1D?];
      return tf.sum(tf.mul(convBatchNorm(a, b, g, be, options(mm ?? movingMean, mv ?? movingVariance)).y, w));
    };
    const inputs = [x, filter, scale, offset, movingMean, movingVariance].slice(0, names.length);
    const grads = tf.grads(loss)(inputs);
    const read = (t: tf.Tensor): number[] => Array.from(t.dataSync());
    return {
      y: read(out.y),
      mean: read(out.mean),
      variance: read(out.variance),
      grads: Object.fromEntries(names.map((name, k) => [name, read(grads[k] as tf.Tensor)])),
    };
  });
}

/**
 * Largest |actual − expected| over (1 + max |expected|). The op computes in float32: a convolution of at most 27
 * products, moments over at most 50 values, a normalisation and the batch-norm backward, whose training-mode dx
 * subtracts two means (cancellation loses at most a decimal digit here, with variances of order 1). That is a few
 * hundred float32 roundings (ε = 6e-8) at most, so 1e-4 leaves a margin of ten while any error in a formula
 * (a missing term, a wrong sign, the unbiased variance: relative 1/n ≥ 2%) is far above it.
 */
function gap(actual: readonly number[], expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k] as number));
  let worst = 0;
  actual.forEach((a, k) => {
    const d = Math.abs(a - (expected[k] as number));
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  });
  return worst / (1 + scale);
}

const TOLERANCE = 1e-4;

function expectMatchesReference(run: Run, c: Case, i: RefInputs, weights: Float64Array): void {
  const o = refOptions(c);
  const ref = referenceForward(i, o);
  expect(gap(run.y, ref.y), 'y').toBeLessThan(TOLERANCE);
  expect(gap(run.mean, ref.mean), 'mean').toBeLessThan(TOLERANCE);
  expect(gap(run.variance, ref.variance), 'variance').toBeLessThan(TOLERANCE);
  for (const [name, grad] of Object.entries(run.grads)) {
    expect(gap(grad, finiteDifferences(i, o, weights, name as RefGradInput)), `d/d${name}`).toBeLessThan(TOLERANCE);
  }
}

function weightsFor(c: Case, i: RefInputs, seed: number): Float64Array {
  const { y } = referenceForward(i, refOptions(c));
  const r = rng(seed);
  return Float64Array.from(Float32Array.from({ length: y.length }, () => r() * 2 - 1));
}

async function onLibtorch<T>(f: () => T): Promise<T> {
  await tf.setBackend('libtorch');
  try {
    return f();
  } finally {
    await tf.setBackend('cpu');
  }
}

describe('convBatchNorm: the composite (cpu) against a float64 reference and its finite differences', () => {
  it.each(CASES.map((c, k) => [c.label, c, k] as const))('%s', async (_label, c, k) => {
    await tf.setBackend('cpu');
    expect(hasFusedConvBatchNorm()).toBe(false);
    const i = caseInputs(c, 100 + k);
    const weights = weightsFor(c, i, 200 + k);
    const before = tf.memory().numTensors;
    const run = runOp(c, i, weights);
    expect(tf.memory().numTensors).toBe(before);
    expectMatchesReference(run, c, i, weights);
  });

  it('finite differences see a wrong gradient (the check can fail)', async () => {
    const c = CASES[1] as Case;
    const i = caseInputs(c, 101);
    const weights = weightsFor(c, i, 201);
    await tf.setBackend('cpu');
    const run = runOp(c, i, weights);
    const dx = (run.grads.x as number[]).map((v, k) => (k === 3 ? v + 0.01 : v));
    expect(gap(dx, finiteDifferences(i, refOptions(c), weights, 'x'))).toBeGreaterThan(TOLERANCE);
  });
});

describe('convBatchNorm: bad arguments', () => {
  const make = () => ({
    x: tf.zeros([2, 4, 4, 3]) as tf.Tensor4D,
    filter: tf.zeros([3, 3, 3, 8]) as tf.Tensor4D,
    scale: tf.ones([8]) as tf.Tensor1D,
    offset: tf.zeros([8]) as tf.Tensor1D,
  });
  const cases: [string, (t: ReturnType<typeof make>) => unknown, string][] = [
    ['x of rank 3', (t) => convBatchNorm(tf.zeros([4, 4, 3]) as tf.Tensor4D, t.filter, t.scale, t.offset, { pad: 'same', training: true }), "convBatchNorm: 'x' must be a rank-4 tensor [batch, height, width, channels]; got [4, 4, 3]."],
    ['filter channels', (t) => convBatchNorm(t.x, tf.zeros([3, 3, 2, 8]) as tf.Tensor4D, t.scale, t.offset, { pad: 'same', training: true }), "convBatchNorm: 'filter' must have 3 input channels (x's last axis); got [3, 3, 2, 8]."],
    ['scale shape', (t) => convBatchNorm(t.x, t.filter, tf.ones([4]) as tf.Tensor1D, t.offset, { pad: 'same', training: true }), "convBatchNorm: 'scale' must have shape [8] (the filter's output channels); got [4]."],
    ['int32 x', (t) => convBatchNorm(tf.zeros([2, 4, 4, 3], 'int32') as tf.Tensor4D, t.filter, t.scale, t.offset, { pad: 'same', training: true }), "convBatchNorm: 'x' and 'filter' must be float32; got int32 and float32."],
    ['training missing', (t) => convBatchNorm(t.x, t.filter, t.scale, t.offset, { pad: 'same' } as ConvBatchNormOptions), "convBatchNorm: 'training' must be true or false; got undefined."],
    ['inference without moving mean', (t) => convBatchNorm(t.x, t.filter, t.scale, t.offset, { pad: 'same', training: false }), "convBatchNorm: 'movingMean' must be a tensor of shape [8]; got undefined."],
    ['epsilon 0', (t) => convBatchNorm(t.x, t.filter, t.scale, t.offset, { pad: 'same', training: true, epsilon: 0 }), "convBatchNorm: 'epsilon' must be a positive finite number; got 0."],
    ['activation', (t) => convBatchNorm(t.x, t.filter, t.scale, t.offset, { pad: 'same', training: true, activation: 'elu' as 'relu' }), "convBatchNorm: 'activation' must be one of linear, relu; got 'elu'."],
    ['strides 0', (t) => convBatchNorm(t.x, t.filter, t.scale, t.offset, { pad: 'same', training: true, strides: 0 }), "convBatchNorm: 'strides' must be a positive integer or two of them; got 0."],
    ['pad', (t) => convBatchNorm(t.x, t.filter, t.scale, t.offset, { pad: [[1, 1], [1, 1]] as unknown as 'same', training: true }), "convBatchNorm: 'pad' must be 'valid', 'same', a non-negative integer or [[0, 0], [top, bottom], [left, right], [0, 0]]; got [[1,1],[1,1]]."],
    ['no output', (t) => convBatchNorm(tf.zeros([1, 2, 2, 3]) as tf.Tensor4D, t.filter, t.scale, t.offset, { pad: 'valid', training: true }), 'convBatchNorm: the convolution of x [1, 2, 2, 3] with filter [3, 3, 3, 8] must have an output; got 0x0.'],
  ];
  it.each(cases)('%s', async (_label, call, message) => {
    await tf.setBackend('cpu');
    tf.tidy(() => {
      const t = make();
      let error: unknown;
      try {
        call(t);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LibtorchBackendError);
      expect((error as LibtorchBackendError).code).toBe('invalid-argument');
      expect((error as Error).message).toBe(message);
    });
  });
});

describe.skipIf(!isLibtorchAvailable())('convBatchNorm on libtorch: the fused kernels', () => {
  useLibtorchThenCpu();

  it.each(CASES.map((c, k) => [c.label, c, k] as const))('%s: matches the float64 reference and the composite on cpu, no leaks', async (_label, c, k) => {
    const i = caseInputs(c, 100 + k);
    const weights = weightsFor(c, i, 200 + k);
    const composite = runOp(c, i, weights);
    const { run, leaked, nativeLeaked, fused } = await onLibtorch(() => {
      const before = tf.memory() as tf.MemoryInfo & { numNativeTensors: number };
      const result = runOp(c, i, weights);
      const after = tf.memory() as tf.MemoryInfo & { numNativeTensors: number };
      return { run: result, leaked: after.numTensors - before.numTensors, nativeLeaked: after.numNativeTensors - before.numNativeTensors, fused: hasFusedConvBatchNorm() };
    });
    expect(fused).toBe(true);
    expect(leaked).toBe(0);
    expect(nativeLeaked).toBe(0);
    expectMatchesReference(run, c, i, weights);
    // Native and composite against each other: the same float32 computation in another order.
    expect(gap(run.y, composite.y)).toBeLessThan(TOLERANCE);
    for (const name of Object.keys(composite.grads) as RefGradInput[]) expect(gap(run.grads[name] as number[], composite.grads[name] as number[]), name).toBeLessThan(TOLERANCE);
  });

  it.each([0, 1].map((k) => [(CASES[k] as Case).label, k] as const))('%s: dy a strided view (the gradient of a zero padding) gives the composite gradients', async (_label, k) => {
    const c = CASES[k] as Case;
    const i = caseInputs(c, 300 + k);
    const padding: Array<[number, number]> = [[0, 0], [1, 2], [2, 1], [0, 0]];
    const grads = (): number[][] =>
      tf.tidy(() => {
        const x = tf.tensor4d(Float32Array.from(i.x), c.xShape);
        const filter = tf.tensor4d(Float32Array.from(i.filter), c.filterShape);
        const scale = tf.tensor1d(Float32Array.from(i.scale));
        const offset = tf.tensor1d(Float32Array.from(i.offset));
        const padded = (a: tf.Tensor, b: tf.Tensor, g: tf.Tensor, be: tf.Tensor): tf.Tensor => tf.pad(convBatchNorm(a as tf.Tensor4D, b as tf.Tensor4D, g as tf.Tensor1D, be as tf.Tensor1D, c.options).y, padding);
        const shape = padded(x, filter, scale, offset).shape;
        const r = rng(400 + k);
        const w = tf.tensor(Float32Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => r() * 2 - 1), shape);
        return tf.grads((a: tf.Tensor, b: tf.Tensor, g: tf.Tensor, be: tf.Tensor) => tf.sum(tf.mul(padded(a, b, g, be), w)))([x, filter, scale, offset]).map((t) => Array.from(t.dataSync()));
      });
    const composite = grads();
    const fused = await onLibtorch(grads);
    composite.forEach((expected, n) => expect(gap(fused[n] as number[], expected), `gradient ${n}`).toBeLessThan(TOLERANCE));
  });

  it('one kernel forward and one backward, none of the composite kernels', async () => {
    const c = CASES[0] as Case;
    const i = caseInputs(c, 100);
    const weights = weightsFor(c, i, 200);
    const names = await onLibtorch(async () => (await tf.profile(() => void runOp(c, i, weights))).kernels.map((kernel) => kernel.name));
    expect(names.filter((n) => n === 'FusedConv2DBatchNorm')).toHaveLength(2); // the forward of the result, and the one tf.grads differentiates
    expect(names.filter((n) => n === 'FusedConv2DBatchNormGrad')).toHaveLength(1);
    for (const composite of ['Conv2D', 'FusedBatchNorm', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Mean', 'Relu']) expect(names).not.toContain(composite);
  });

  it("the input gradient is computed only when asked for (a first layer's is not)", async () => {
    const c = CASES[0] as Case;
    const i = caseInputs(c, 100);
    const nativeOps = (wrtX: boolean): Promise<string[]> =>
      onLibtorch(() => {
        const addon = (tf.backend() as LibtorchBackend).addon;
        const opNames = addon.opNames();
        const spy = vi.spyOn(addon, 'call');
        try {
          tf.tidy(() => {
            const x = tf.tensor4d(Float32Array.from(i.x), c.xShape);
            const filter = tf.tensor4d(Float32Array.from(i.filter), c.filterShape);
            const scale = tf.tensor1d(Float32Array.from(i.scale));
            const offset = tf.tensor1d(Float32Array.from(i.offset));
            const f = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(convBatchNorm(a as tf.Tensor4D, b as tf.Tensor4D, scale, offset, c.options).y);
            const grads = wrtX ? tf.grads(f)([x, filter]) : [tf.grad((b: tf.Tensor) => f(x, b))(filter)];
            for (const g of grads) g.dataSync();
          });
          return spy.mock.calls.map(([op]) => opNames[op] ?? '?');
        } finally {
          spy.mockRestore();
        }
      });
    const withX = await nativeOps(true);
    const withoutX = await nativeOps(false);
    expect(withX.filter((n) => n === 'ConvBatchNormGrad')).toHaveLength(1);
    expect(withX.filter((n) => n === 'Conv2DBackpropInput')).toHaveLength(1);
    expect(withoutX.filter((n) => n === 'ConvBatchNormGrad')).toHaveLength(1);
    expect(withoutX).not.toContain('Conv2DBackpropInput');
  });
});
