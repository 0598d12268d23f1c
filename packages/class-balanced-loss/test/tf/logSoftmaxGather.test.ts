// The optional backend kernels of softmax cross-entropy with class ids (src/tf/logSoftmaxGather.ts): the library
// names them and uses them when the active backend registers both. Here the cpu backend gets a plain JavaScript
// implementation of their documented contract, so the library's side (the custom gradient, the sign, the upstream
// gradient handed to the kernel, the reductions and weights around it) is tested without any native backend; the
// native kernels themselves are tested in tfjs-backend-libtorch, and the losses on libtorch in cbloss.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { softmaxCrossEntropy, type Reduction } from '../../src/index.js';
import { hasLogSoftmaxGather, LOG_SOFTMAX_GATHER_KERNELS } from '../../src/tf/logSoftmaxGather.js';
import { expectAllFinite, expectClose } from '../helpers/close.js';
import { expectNoLeak, tf, useBackend, valueAndGradData } from '../helpers/tf.js';

type CpuBackend = tf.KernelBackend & { makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo };
interface KernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: CpuBackend;
}

const calls = { forward: 0, gradient: 0 };

/** The contract in float64: log softmax(x_b)[i_b], max_c x_b, log Σ exp(x_b − max); the gradient of Σ dy·log softmax(x)_i. */
function registerJsKernels(): void {
  const read = (b: CpuBackend, t: tf.TensorInfo) => b.readSync(t.dataId) as Float32Array | Int32Array;
  tf.registerKernel({
    kernelName: LOG_SOFTMAX_GATHER_KERNELS.forward,
    backendName: 'cpu',
    kernelFunc: (({ inputs, backend }: KernelArgs) => {
      calls.forward++;
      const [rows = 0, cols = 0] = inputs['x']!.shape;
      const x = read(backend, inputs['x']!);
      const ids = read(backend, inputs['indices']!);
      const at = new Float32Array(rows);
      const max = new Float32Array(rows);
      const logSum = new Float32Array(rows);
      for (let b = 0; b < rows; b++) {
        const row = Array.from(x.subarray(b * cols, (b + 1) * cols));
        const m = Math.max(...row);
        const l = Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
        max[b] = m;
        logSum[b] = l;
        at[b] = (row[ids[b] as number] as number) - m - l;
      }
      return [at, max, logSum].map((values) => backend.makeTensorInfo([rows], 'float32', values));
    }) as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: LOG_SOFTMAX_GATHER_KERNELS.gradient,
    backendName: 'cpu',
    kernelFunc: (({ inputs, backend }: KernelArgs) => {
      calls.gradient++;
      const [rows = 0, cols = 0] = inputs['x']!.shape;
      const x = read(backend, inputs['x']!);
      const ids = read(backend, inputs['indices']!);
      const max = read(backend, inputs['max']!);
      const logSum = read(backend, inputs['logSum']!);
      const at = read(backend, inputs['logSoftmaxAt']!);
      const dy = read(backend, inputs['dy']!);
      const g = new Float32Array(rows * cols);
      for (let b = 0; b < rows; b++) {
        for (let c = 0; c < cols; c++) g[b * cols + c] = -(dy[b] as number) * Math.exp((x[b * cols + c] as number) - (max[b] as number) - (logSum[b] as number));
        g[b * cols + (ids[b] as number)] = -(dy[b] as number) * Math.expm1(at[b] as number);
      }
      return backend.makeTensorInfo([rows, cols], 'float32', g);
    }) as unknown as tf.KernelFunc,
  });
}

function unregisterJsKernels(): void {
  for (const name of Object.values(LOG_SOFTMAX_GATHER_KERNELS)) if (tf.getKernel(name, 'cpu') !== undefined) tf.unregisterKernel(name, 'cpu');
}

const LOGITS = [
  [2, -1, 0.5, 3],
  [1e4, 0, -1e4, 5],
  [-30, 30, 0, 0],
  [0, 0, 0, 0],
  [-1e4, -1e4, -1e4, -1e4 + 1],
];
const IDS = [3, 0, 2, 1, 0];

function lossAndGrad(reduction: Reduction, classWeights: number[] | undefined) {
  const logits = tf.tensor2d(LOGITS);
  const ids = tf.tensor1d(IDS, 'int32');
  const result = valueAndGradData((x) => softmaxCrossEntropy(ids, x, { reduction, classWeights }), logits);
  tf.dispose([logits, ids]);
  return result;
}

describe('softmax cross-entropy of class ids through a backend\'s LogSoftmaxGather kernels', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  afterEach(() => {
    unregisterJsKernels();
  });

  it('is used only when the backend registers both kernels', () => {
    expect(hasLogSoftmaxGather()).toBe(false);
    registerJsKernels();
    expect(hasLogSoftmaxGather()).toBe(true);
    tf.unregisterKernel(LOG_SOFTMAX_GATHER_KERNELS.gradient, 'cpu');
    expect(hasLogSoftmaxGather()).toBe(false);
  });

  it.each([
    ['none', undefined],
    ['mean', [0.5, 2, 1, 0]],
    ['sum', [1, 1, 3, 0.25]],
    ['weightedMean', [0.5, 2, 1, 0.1]],
  ] as const)('%s, weights %j: the same value and gradient as the built-in path, finite at ±1e4', (reduction, weights) => {
    const classWeights = weights === undefined ? undefined : [...weights];
    const expected = lossAndGrad(reduction, classWeights);
    registerJsKernels();
    calls.forward = 0;
    calls.gradient = 0;
    let actual = expected;
    expectNoLeak(() => {
      actual = lossAndGrad(reduction, classWeights);
    });
    expect(calls).toEqual({ forward: 1, gradient: 1 });
    expectClose(actual.value, expected.value, { relTol: 1e-5, absTol: 1e-6 });
    expectClose(actual.grad, expected.grad, { relTol: 1e-5, absTol: 1e-6, what: 'gradient' });
    expectAllFinite(actual.value);
    expectAllFinite(actual.grad);
  });
});
