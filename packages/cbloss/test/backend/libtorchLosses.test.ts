// The library's losses on the native libtorch backend (value and gradient against cpu). It lives here, in the
// package that depends on both, since the backend knows no losses and depends on no sibling.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { METHOD_NAMES, classBalancedLoss, type MethodName } from 'class-balanced-loss';
import { fallbackKernelNames, isLibtorchAvailable, registerLibtorchBackend } from 'tfjs-backend-libtorch';
import { describe, expect, it } from 'vitest';
// After the built backend above: importing the helper loads the backend's sources, whose registration then finds
// 'libtorch' registered already and leaves it as is.
import { useLibtorchThenCpu } from '../../../tfjs-backend-libtorch/test/helpers/libtorchThenCpu.js';

const B = 6;
const C = 4;
const TOLERANCE = 1e-5;

/** The label forms: one-hot rows take the losses' dense kernels, class ids their gather-based ones. */
const LABEL_FORMS = ['one-hot', 'ids'] as const;

/** Loss value and its gradient w.r.t. the logits, including extreme logits (±30); fixed inputs in [-3, 3). */
function lossAndGradOn(backend: string, type: MethodName, form: (typeof LABEL_FORMS)[number]): number[][] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const loss = classBalancedLoss({ samplesPerClass: [100, 30, 8, 2], beta: 0.99, type, gamma: 1.5 });
    const inner = Array.from({ length: B * C }, (_, k) => Math.sin(1.7 * k + 0.3) * 3);
    const logits = tf.tensor2d(inner.map((v, k) => (k === 0 ? 30 : k === 1 ? -30 : v)), [B, C]);
    const ids = tf.tensor1d([0, 1, 2, 3, 1, 0], 'int32');
    const labels = form === 'ids' ? ids : tf.oneHot(ids, C);
    const value = loss(labels, logits);
    const g = tf.grad((z: tf.Tensor) => loss(labels, z))(logits);
    return [Array.from(value.dataSync()), Array.from(g.dataSync())];
  });
}

/** Index of the first value outside |a − e| ≤ tol·(1 + |e|) (NaN always fails), or -1. */
function firstMismatch(actual: readonly number[], expected: readonly number[]): number {
  if (actual.length !== expected.length) return 0;
  return expected.findIndex((e, k) => {
    const a = actual[k] ?? NaN;
    return !(Math.abs(a - e) <= TOLERANCE * (1 + Math.abs(e)));
  });
}

describe.skipIf(!isLibtorchAvailable())('class-balanced losses run natively on libtorch and agree with cpu', () => {
  useLibtorchThenCpu(registerLibtorchBackend);

  it.each(METHOD_NAMES.flatMap((t) => LABEL_FORMS.map((form) => [t, form] as const)))('%s, %s labels: value and gradient', (type, form) => {
    const [expectedValue = [], expectedGrad = []] = lossAndGradOn('cpu', type, form);
    const fallbacksBefore = fallbackKernelNames();
    const [value = [], grad = []] = lossAndGradOn('libtorch', type, form);
    expect(firstMismatch(value, expectedValue)).toBe(-1);
    expect(firstMismatch(grad, expectedGrad)).toBe(-1);
    expect(value.length).toBe(1);
    expect(grad.length).toBe(B * C);
    expect([...value, ...grad].every(Number.isFinite)).toBe(true);
    expect(fallbackKernelNames()).toEqual(fallbacksBefore);
  });
});
