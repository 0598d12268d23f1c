import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers the gradients
import { beforeAll, describe, expect, it } from 'vitest';
import { CblossError } from '../../src/CblossError.js';
import { createSgd } from '../../src/train/sgd.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createSgd', () => {
  it('matches a hand-computed momentum + weight-decay trajectory (PyTorch rule)', () => {
    // f(w) = 0.5·Σ w², ∇ = w. μ = 0.9, λ = 0.1, lr = 0.5 then 0.25, w0 = [1, -2].
    // step 1: g = w + λw = 1.1·w0 = [1.1, -2.2]; v = g; w1 = w0 - 0.5·v = [0.45, -0.9]
    // step 2: g = 1.1·w1 = [0.495, -0.99]; v = 0.9·[1.1, -2.2] + g = [1.485, -2.97]; w2 = w1 - 0.25·v = [0.07875, -0.1575]
    const w = tf.variable(tf.tensor1d([1, -2]));
    const sgd = createSgd([w], { momentum: 0.9, weightDecay: 0.1, decayed: [true] });
    for (const lr of [0.5, 0.25]) {
      const grad = tf.tidy(() => tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.square(w))) as tf.Scalar, [w]).grads[w.name]!);
      sgd.step([grad], lr);
      grad.dispose();
    }
    const values = Array.from(w.dataSync());
    expect(values[0]).toBeCloseTo(0.07875, 6);
    expect(values[1]).toBeCloseTo(-0.1575, 6);
    const state = sgd.getState();
    expect(Array.from(state[0]!)).toEqual([expect.closeTo(1.485, 5), expect.closeTo(-2.97, 5)]);
    sgd.dispose();
    w.dispose();
  });

  it('follows the Nesterov rule when asked (PyTorch nesterov=True), by hand', () => {
    // f(w) = 0.5·Σ w², ∇ = w. μ = 0.9, λ = 0, lr = 0.5 then 0.25, w0 = [1, -2].
    // step 1: g = [1, -2]; v = g; w1 = w0 - 0.5·(g + 0.9·v) = w0 - 0.95·w0 = [0.05, -0.1]
    // step 2: g = w1; v = 0.9·[1, -2] + g = [0.95, -1.9]; w2 = w1 - 0.25·(g + 0.9·v) = [0.05, -0.1] - 0.25·[0.905, -1.81]
    //         = [-0.17625, 0.3525]   (plain momentum would give w2 = w1 - 0.25·v = [-0.1875, 0.375])
    const w = tf.variable(tf.tensor1d([1, -2]));
    const sgd = createSgd([w], { momentum: 0.9, weightDecay: 0, decayed: [false], nesterov: true });
    for (const lr of [0.5, 0.25]) {
      const grad = tf.tidy(() => tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.square(w))) as tf.Scalar, [w]).grads[w.name]!);
      sgd.step([grad], lr);
      grad.dispose();
    }
    const values = Array.from(w.dataSync());
    expect(values[0]).toBeCloseTo(-0.17625, 6);
    expect(values[1]).toBeCloseTo(0.3525, 6);
    expect(Array.from(sgd.getState()[0]!)).toEqual([expect.closeTo(0.95, 6), expect.closeTo(-1.9, 6)]);
    sgd.dispose();
    w.dispose();
  });

  it('skips weight decay on variables not flagged', () => {
    const a = tf.variable(tf.tensor1d([2]));
    const b = tf.variable(tf.tensor1d([2]));
    const sgd = createSgd([a, b], { momentum: 0, weightDecay: 0.5, decayed: [true, false] });
    const zero = tf.zeros([1]);
    sgd.step([zero, zero], 1);
    expect(a.dataSync()[0]).toBeCloseTo(1, 6); // 2 - 1·(0 + 0.5·2)
    expect(b.dataSync()[0]).toBe(2);
    tf.dispose([a, b, zero]);
    sgd.dispose();
  });

  it('restores its state exactly and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2], [3, 4]])));
    const sgd = createSgd([w], { momentum: 0.9, weightDecay: 0, decayed: [false] });
    const g = tf.ones([2, 2]);
    sgd.step([g], 0.1);
    const saved = sgd.getState();
    const other = createSgd([w], { momentum: 0.9, weightDecay: 0, decayed: [false] });
    other.setState(saved);
    expect(Array.from(other.getState()[0]!)).toEqual(Array.from(saved[0]!));
    expect(() => other.setState([new Float32Array(3)])).toThrow("'state[0]' must have 4 values; got 3.");
    sgd.dispose();
    other.dispose();
    g.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options', () => {
    const w = tf.variable(tf.zeros([1]));
    expect(() => createSgd([w], { momentum: 1, weightDecay: 0, decayed: [true] })).toThrow(
      "createSgd: 'momentum' must be in [0, 1); got 1.",
    );
    expect(() => createSgd([w], { momentum: 0.9, weightDecay: -1, decayed: [true] })).toThrow(CblossError);
    expect(() => createSgd([w], { momentum: 0.9, weightDecay: 0, decayed: [] })).toThrow("'decayed' must have one flag per variable (1); got 0.");
    w.dispose();
  });
});
