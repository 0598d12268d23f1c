import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LibtorchBackendError } from '../../src/LibtorchBackendError.js';
import { registerWasmTrainingKernels } from '../../src/wasm/registerWasmTrainingKernels.js';
import { expectClose, randomValues, valuesOn } from './helpers.js';
import { refFilterGrad, refInputGrad, refOutShape, type RefConv } from './convReference.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  readonly x: [number, number, number, number];
  readonly w: [number, number, number, number];
  readonly strides: [number, number];
  readonly pad: Pad;
}

/** Shapes chosen to hit: odd 'same' totals (asymmetric), strides > kernel, unused 'valid' rows, explicit pads. */
const CASES: readonly Case[] = [
  { x: [2, 7, 8, 3], w: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { x: [2, 8, 8, 3], w: [3, 3, 3, 4], strides: [2, 2], pad: 'same' },
  { x: [2, 8, 7, 3], w: [2, 2, 3, 5], strides: [2, 2], pad: 'same' },
  { x: [3, 9, 7, 2], w: [3, 2, 2, 4], strides: [2, 3], pad: 'valid' },
  { x: [2, 10, 10, 3], w: [2, 2, 3, 2], strides: [3, 3], pad: 'valid' },
  { x: [2, 9, 7, 3], w: [3, 2, 3, 4], strides: [1, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [1, 6, 6, 4], w: [1, 1, 4, 8], strides: [2, 2], pad: 'same' },
  { x: [4, 5, 5, 1], w: [5, 5, 1, 3], strides: [1, 1], pad: 'same' },
];

function caseName(c: Case): string {
  return `x=[${c.x.join(',')}] w=[${c.w.join(',')}] s=[${c.strides.join(',')}] pad=${JSON.stringify(c.pad)}`;
}

/** dx and dw of `sum(conv2d(x, w) · dy)` on `backend`, through tf.grads (so through the registered kernels). */
async function gradsOn(backend: string, c: Case, seed: number): Promise<{ dx: Float32Array; dw: Float32Array }> {
  const xv = randomValues(c.x.reduce((p, v) => p * v, 1), seed);
  const wv = randomValues(c.w.reduce((p, v) => p * v, 1), seed + 1);
  const f = (x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D => tf.conv2d(x, w, c.strides, c.pad);
  const dyShape = tf.tidy(() => f(tf.zeros(c.x), tf.zeros(c.w)).shape);
  const dyv = randomValues(dyShape.reduce((p, v) => p * v, 1), seed + 2);
  const grad = (which: 0 | 1) => (): tf.Tensor => {
    const g = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor4D, w as tf.Tensor4D), tf.tensor(dyv, dyShape))));
    return g([tf.tensor(xv, c.x), tf.tensor(wv, c.w)])[which] as tf.Tensor;
  };
  return { dx: await valuesOn(backend, grad(0)), dw: await valuesOn(backend, grad(1)) };
}

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.setBackend('cpu');
});

describe('Conv2DBackpropFilter / Conv2DBackpropInput on wasm match the cpu backend', () => {
  CASES.forEach((c, k) => {
    it(caseName(c), async () => {
      const cpu = await gradsOn('cpu', c, 100 + 7 * k);
      const wasm = await gradsOn('wasm', c, 100 + 7 * k);
      expectClose(wasm.dw, cpu.dw, 1e-4);
      expectClose(wasm.dx, cpu.dx, 1e-4);
    });
  });

  it('runs NCHW inputs (transposed internally) like the NHWC ones', async () => {
    const c = CASES[2] as Case;
    const [B, H, W, C] = c.x;
    const xv = randomValues(B * H * W * C, 5);
    const y = refOutShape({ x: c.x, w: c.w, s: c.strides, d: [1, 1], pad: 'same' });
    const dyv = randomValues(y.reduce((p, v) => p * v, 1), 6);
    const wv = randomValues(c.w.reduce((p, v) => p * v, 1), 7);
    const nhwc = (v: Float32Array, s: number[]) => tf.tensor(v, s);
    const toNchw = (t: tf.Tensor) => tf.transpose(t, [0, 3, 1, 2]);
    const attrs = { strides: c.strides, pad: 'same' };
    const dwN = await valuesOn('wasm', () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: toNchw(nhwc(xv, c.x)), dy: toNchw(nhwc(dyv, y)) }, { ...attrs, dataFormat: 'NCHW', filterShape: c.w }) as tf.Tensor,
    );
    const dwH = await valuesOn('wasm', () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: nhwc(xv, c.x), dy: nhwc(dyv, y) }, { ...attrs, dataFormat: 'NHWC', filterShape: c.w }) as tf.Tensor,
    );
    expectClose(dwN, dwH, 1e-6);
    const dxN = await valuesOn('wasm', () =>
      tf.transpose(
        tf.engine().runKernel('Conv2DBackpropInput', { dy: toNchw(nhwc(dyv, y)), filter: nhwc(wv, c.w) }, { ...attrs, dataFormat: 'NCHW', inputShape: [B, C, H, W] }) as tf.Tensor,
        [0, 2, 3, 1],
      ),
    );
    const dxH = await valuesOn('wasm', () =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy: nhwc(dyv, y), filter: nhwc(wv, c.w) }, { ...attrs, dataFormat: 'NHWC', inputShape: c.x }) as tf.Tensor,
    );
    expectClose(dxN, dxH, 1e-6);
  });
});

describe('dilations (TensorFlow attribute, not used by tfjs gradients) match a float64 reference', () => {
  const DILATED: readonly RefConv[] = [
    { x: [2, 9, 8, 3], w: [3, 3, 3, 2], s: [1, 1], d: [2, 2], pad: 'same' },
    { x: [2, 10, 9, 2], w: [3, 2, 2, 3], s: [1, 1], d: [2, 3], pad: 'valid' },
    { x: [1, 8, 8, 2], w: [2, 3, 2, 2], s: [1, 1], d: [3, 1], pad: [1, 2, 0, 1] },
  ];
  for (const c of DILATED) {
    it(`x=[${c.x.join(',')}] w=[${c.w.join(',')}] d=[${c.d.join(',')}] pad=${JSON.stringify(c.pad)}`, async () => {
      const y = refOutShape(c);
      const xv = randomValues(c.x.reduce((p, v) => p * v, 1), 11);
      const wv = randomValues(c.w.reduce((p, v) => p * v, 1), 12);
      const dyv = randomValues(y.reduce((p, v) => p * v, 1), 13);
      const pad = Array.isArray(c.pad) ? [[0, 0], [c.pad[0], c.pad[1]], [c.pad[2], c.pad[3]], [0, 0]] : c.pad;
      const attrs = { strides: c.s, dilations: c.d, pad, dataFormat: 'NHWC' };
      const dw = await valuesOn('wasm', () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, y) }, { ...attrs, filterShape: c.w }) as tf.Tensor,
      );
      const dx = await valuesOn('wasm', () =>
        tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor(dyv, y), filter: tf.tensor(wv, c.w) }, { ...attrs, inputShape: c.x }) as tf.Tensor,
      );
      expectClose(dw, refFilterGrad(c, xv, dyv), 1e-5);
      expectClose(dx, refInputGrad(c, wv, dyv), 1e-5);
    });
  }
});

describe('bad inputs and memory', () => {
  it("rejects a 'dy' whose shape does not match the convolution, naming it", async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 5, 5, 2]);
    const dy = tf.zeros([1, 4, 5, 3]);
    const w = tf.zeros([3, 3, 2, 3]);
    const filterGrad = () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] });
    expect(filterGrad).toThrow(LibtorchBackendError);
    expect(filterGrad).toThrow(expect.objectContaining({ code: 'shape-mismatch' }));
    expect(filterGrad).toThrow("Conv2DBackpropFilter: 'dy' must have shape [1, 5, 5, 3]; got [1, 4, 5, 3].");
    const inputGrad = () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 5, 5, 2] });
    expect(inputGrad).toThrow("Conv2DBackpropInput: 'dy' must have shape [1, 5, 5, 3]; got [1, 4, 5, 3].");
    tf.dispose([x, dy, w]);
  });

  it('leaks no tensors and no wasm memory (all intermediates freed), also when a kernel throws', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const before = { tensors: tf.memory().numTensors, data: backend.numDataIds() };
    for (const c of CASES) {
      const t = tf.tidy(() => {
        const x = tf.ones(c.x);
        const w = tf.ones(c.w);
        return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad)))([x, w]);
      });
      tf.dispose(t);
    }
    expect(() =>
      tf.tidy(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.zeros([1, 5, 5, 2]), dy: tf.zeros([1, 4, 5, 3]) }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] })),
    ).toThrow();
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(backend.numDataIds()).toBe(before.data);
  });
});
