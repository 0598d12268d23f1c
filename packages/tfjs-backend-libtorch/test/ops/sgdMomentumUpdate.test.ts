import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { LibtorchBackendError } from '../../src/index.js';
import { FUSED_SGD_MOMENTUM, sgdMomentumUpdate, type SgdMomentumUpdateOptions } from '../../src/ops/index.js';
import { rng } from '../helpers/compareBackends.js';
import { useLibtorchThenCpu } from '../helpers/libtorchThenCpu.js';

// Mixed ranks and sizes: scalars, biases, a dense kernel, convolution kernels (one above the native kernel's
// 32768-element parallel grain), BN vectors.
const SHAPES: readonly number[][] = [[], [1], [7], [10, 3], [3, 3, 16, 16], [3, 3, 64, 64], [64], [5, 1, 2]];
const DECAYED = [false, true, false, true, true, true, false, true];
const STEPS: readonly SgdMomentumUpdateOptions[] = [0.1, 0.1, 0.05, 0.01].map((learningRate) => ({ learningRate, momentum: 0.9, weightDecay: 2e-4, decayed: DECAYED }));

/** Seeded values in [-3, 3); a few specials in the first variable big enough to hold them. */
function arrays(seed: number): Float32Array[] {
  const r = rng(seed);
  return SHAPES.map((shape) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 6 - 3));
}

/**
 * Independent float32 reference: the update rule with every product and sum rounded to float32 (Math.fround), in
 * the order of the documented rule. Returns the final weights and velocities.
 */
function reference(ws0: Float32Array[], grads: Float32Array[][], steps: readonly SgdMomentumUpdateOptions[]): [Float32Array[], Float32Array[]] {
  const f = Math.fround;
  const ws = ws0.map((w) => Float32Array.from(w));
  const vs = ws0.map((w) => new Float32Array(w.length));
  steps.forEach((o, s) => {
    const [lr, mu, wd] = [f(o.learningRate), f(o.momentum), f(o.weightDecay)];
    ws.forEach((w, i) => {
      const v = vs[i]!;
      const dw = grads[s]![i]!;
      for (let k = 0; k < w.length; ++k) {
        const g = o.decayed[i] === true && wd !== 0 ? f(dw[k]! + f(wd * w[k]!)) : dw[k]!;
        v[k] = f(f(mu * v[k]!) + g);
        // Nesterov: along g + μ·v' (the new velocity).
        w[k] = f(w[k]! - f(lr * (o.nesterov === true ? f(g + f(mu * v[k]!)) : v[k]!)));
      }
    });
  });
  return [ws, vs];
}

/** Runs the steps through `sgdMomentumUpdate` on `backend`; final weights and velocities, and tensors leaked. */
function run(backend: string, ws0: Float32Array[], grads: Float32Array[][], steps: readonly SgdMomentumUpdateOptions[]): { ws: Float32Array[]; vs: Float32Array[]; leaked: number } {
  tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const ws = ws0.map((w, i) => tf.tidy(() => tf.variable(tf.tensor(w, SHAPES[i]!))));
  const vs = ws.map((w) => tf.tidy(() => tf.variable(tf.zerosLike(w), false)));
  steps.forEach((options, s) => {
    const gs = grads[s]!.map((g, i) => tf.tensor(g, SHAPES[i]!));
    sgdMomentumUpdate(ws, gs, vs, options);
    tf.dispose(gs);
  });
  const out = { ws: ws.map((w) => w.dataSync() as Float32Array), vs: vs.map((v) => v.dataSync() as Float32Array) };
  tf.dispose([...ws, ...vs]);
  return { ...out, leaked: tf.memory().numTensors - before };
}

function bits(arrays: readonly Float32Array[]): number[][] {
  return arrays.map((a) => Array.from(new Uint32Array(Float32Array.from(a).buffer)));
}

describe('sgdMomentumUpdate', () => {
  useLibtorchThenCpu();
  afterEach(() => tf.setBackend('cpu'));

  const ws0 = arrays(11);
  const grads = STEPS.map((_, s) => arrays(100 + s));
  const [expectedW, expectedV] = reference(ws0, grads, STEPS);

  /** Runs `steps` on `backend` and checks the result against the float32 reference bit for bit, leak-free. */
  function expectReference(backend: string, steps: readonly SgdMomentumUpdateOptions[]): { ws: Float32Array[]; vs: Float32Array[] } {
    const [w, v] = steps === STEPS ? [expectedW, expectedV] : reference(ws0, grads, steps);
    const { ws, vs, leaked } = run(backend, ws0, grads, steps);
    expect(bits(ws)).toEqual(bits(w));
    expect(bits(vs)).toEqual(bits(v));
    expect(leaked).toBe(0);
    return { ws, vs };
  }

  it.each(['libtorch', 'cpu'])('gives the float32 reference bit for bit on %s (8 variables of mixed shapes, 4 steps, decay flags)', (backend) => {
    expectReference(backend, STEPS);
  });

  it.each(['libtorch', 'cpu'])('with Nesterov, gives the float32 reference bit for bit on %s', (backend) => {
    const { ws, vs } = expectReference(backend, STEPS.map((o) => ({ ...o, nesterov: true })));
    // Other weights (the look-ahead is taken), and through the decay of those weights other velocities.
    expect(bits(vs)).not.toEqual(bits(expectedV));
    expect(bits(ws)).not.toEqual(bits(expectedW));
  });

  it('really decays: the reference without weight decay differs exactly where the flag is set', () => {
    const [plain] = reference(ws0, grads, STEPS.map((o) => ({ ...o, weightDecay: 0 })));
    DECAYED.forEach((d, i) => expect(bits([plain[i]!])[0]!.join() === bits([expectedW[i]!])[0]!.join()).toBe(!d));
  });

  it('runs as one FusedSgdMomentum kernel call on libtorch and as TF.js ops on cpu', async () => {
    for (const [backend, fused] of [['libtorch', true], ['cpu', false]] as const) {
      await tf.setBackend(backend);
      expect(tf.getKernel(FUSED_SGD_MOMENTUM, backend) !== undefined).toBe(fused);
      const ws = [tf.variable(tf.ones([3])), tf.variable(tf.ones([2, 2]))];
      const vs = ws.map((w) => tf.variable(tf.zerosLike(w), false));
      const gs = ws.map((w) => tf.onesLike(w));
      const profile = await tf.profile(() => sgdMomentumUpdate(ws, gs, vs, { learningRate: 0.1, momentum: 0.9, weightDecay: 0.1, decayed: [true, false] }));
      const names = profile.kernels.map((k) => k.name);
      if (fused) expect(names).toEqual([FUSED_SGD_MOMENTUM]);
      else expect(names).toEqual(expect.arrayContaining(['Multiply', 'Add', 'Sub']));
      expect(Array.from(ws[1]!.dataSync())).toEqual([0.9, 0.9, 0.9, 0.9].map(Math.fround));
      tf.dispose([...ws, ...vs, ...gs]);
    }
  });

  it('writes no input in place on libtorch: a clone (which shares storage there) and a broadcast gradient keep their values', async () => {
    await tf.setBackend('libtorch');
    const w = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const v = tf.variable(tf.zeros([2, 2]), false);
    const clone = tf.clone(w);
    const velocityClone = tf.clone(v);
    // d/dw sum(w) is a broadcast view of a scalar on libtorch (Sum's gradient), not a dense tensor.
    const g = tf.grad((x: tf.Tensor) => tf.sum(x))(w);
    sgdMomentumUpdate([w], [g], [v], { learningRate: 0.5, momentum: 0.9, weightDecay: 0, decayed: [false] });
    expect(Array.from(w.dataSync())).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(Array.from(v.dataSync())).toEqual([1, 1, 1, 1]);
    expect(Array.from(clone.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(velocityClone.dataSync())).toEqual([0, 0, 0, 0]);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 1, 1]);
    tf.dispose([w, v, clone, velocityClone, g]);
  });

  it.each(['libtorch', 'cpu'])('rejects bad arguments on %s with a clear message, before changing anything', async (backend) => {
    await tf.setBackend(backend);
    const w = tf.variable(tf.tensor1d([1, 2]));
    const v = tf.variable(tf.zeros([2]), false);
    const g = tf.ones([2]);
    const options: SgdMomentumUpdateOptions = { learningRate: 0.1, momentum: 0.9, weightDecay: 0, decayed: [false] };
    const bad = (f: () => void, code: string, message: string): void => {
      expect(f).toThrow(LibtorchBackendError);
      expect(f).toThrow(message);
      try {
        f();
      } catch (e) {
        expect((e as LibtorchBackendError).code).toBe(code);
      }
    };
    bad(() => sgdMomentumUpdate([w], [], [v], options), 'shape-mismatch', "sgdMomentumUpdate: 'gradients' must have one entry per variable (1); got 0.");
    bad(() => sgdMomentumUpdate([w], [g], [v], { ...options, decayed: [] }), 'shape-mismatch', "sgdMomentumUpdate: 'decayed' must have one entry per variable (1); got 0.");
    const g3 = tf.ones([3]);
    bad(() => sgdMomentumUpdate([w], [g3], [v], options), 'shape-mismatch', "sgdMomentumUpdate: 'gradients[0]' must have the shape of variables[0] [2]; got [3].");
    const gi = tf.ones([2], 'int32');
    bad(() => sgdMomentumUpdate([w], [gi], [v], options), 'invalid-argument', "sgdMomentumUpdate: 'gradients[0]' must be float32; got int32.");
    bad(() => sgdMomentumUpdate([w], [g], [v], { ...options, learningRate: NaN }), 'invalid-argument', "sgdMomentumUpdate: 'learningRate' must be a finite number; got NaN.");
    bad(() => sgdMomentumUpdate([w], [g], [v], { ...options, momentum: Infinity }), 'invalid-argument', "sgdMomentumUpdate: 'momentum' must be a finite number; got Infinity.");
    expect(Array.from(w.dataSync())).toEqual([1, 2]);
    sgdMomentumUpdate([], [], [], { ...options, decayed: [] });
    tf.dispose([w, v, g, g3, gi]);
  });
});
