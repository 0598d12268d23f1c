import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LIBTORCH_INSTALL_HINT, selectBackend } from '../../src/backend/selectBackend.js';
import { loadLibtorch } from '../../src/backend/loadOptionalBackends.js';
import { buildModel } from '../../src/models/buildModel.js';
import { CblossError } from '../../src/CblossError.js';

/** A conv forward + backward, the kernels training needs; returns the gradient sum (finite when it works). */
function convGradSum(): number {
  return tf.tidy(() => {
    const x = tf.ones([1, 4, 4, 2]) as tf.Tensor4D;
    const w = tf.variable(tf.fill([3, 3, 2, 3], 0.5), true, undefined, 'float32');
    const { grads } = tf.variableGrads(() => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'same')) as tf.Scalar, [w]);
    const total = tf.sum(Object.values(grads)[0]!).dataSync()[0]!;
    w.dispose();
    return total;
  });
}

describe('selectBackend', () => {
  it("'cpu' selects the cpu backend, without notice", async () => {
    const logged: string[] = [];
    const result = await selectBackend('cpu', { log: (line) => logged.push(line) });
    expect(result).toEqual({ backend: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    expect(logged).toEqual([]);
    // d(sum of output)/d(w[a, b, c, o]) = number of outputs where tap (a, b) lands inside the 4x4 input: per axis
    // 3 + 4 + 3 = 10 over the three taps, so the gradient sums to 10·10 per (c, o) pair, 2·3 pairs: 600.
    expect(convGradSum()).toBe(600);
  });

  it("'wasm' selects wasm, and training (conv gradients) works there", async () => {
    const result = await selectBackend('wasm');
    expect(result.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(convGradSum()).toBe(600);
  });

  it('gives the same seeded initial weights on wasm as on cpu', async () => {
    await selectBackend('cpu');
    const onCpu = buildModel('cnn', { inputShape: [8, 8, 1], numClasses: 3, finalBias: 'prior', seed: 4 });
    const cpuWeights = onCpu.getWeights().map((w) => Array.from(w.dataSync()));
    onCpu.dispose();
    await selectBackend('wasm');
    const onWasm = buildModel('cnn', { inputShape: [8, 8, 1], numClasses: 3, finalBias: 'prior', seed: 4 });
    const wasmWeights = onWasm.getWeights().map((w) => Array.from(w.dataSync()));
    onWasm.dispose();
    expect(wasmWeights).toEqual(cpuWeights);
  });

  it('trains a ResNet on wasm like on cpu: same loss and gradients (to float32 tolerance)', async () => {
    // 8x8 inputs (2x2 in stage 3): with 4x4 inputs stage 3 is 1x1, batch norm then normalises 2 values per
    // channel and its gradient amplifies float32 rounding so much that cpu and wasm disagree by ~50%.
    const gradients = async (backend: 'cpu' | 'wasm'): Promise<number[][]> => {
      await selectBackend(backend);
      const model = buildModel('resnet20', { inputShape: [8, 8, 3], numClasses: 3, finalBias: 'prior', seed: 6 });
      const result = tf.tidy(() => {
        const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 9);
        const y = tf.cast(tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3), 'float32');
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(() => tf.losses.sigmoidCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
        return [Array.from(value.dataSync()), ...vars.map((v) => Array.from(grads[v.name]!.dataSync()))];
      });
      model.dispose();
      return result;
    };
    const cpu = await gradients('cpu');
    const wasm = await gradients('wasm');
    expect(wasm).toHaveLength(cpu.length);
    cpu.forEach((reference, i) => {
      const scale = Math.max(1e-3, ...reference.map(Math.abs));
      const worst = Math.max(...reference.map((r, j) => Math.abs(r - wasm[i]![j]!)));
      expect(worst / scale, `tensor ${i}`).toBeLessThan(2e-3);
    });
  });

  it("'libtorch' either works or fails with not-found and the install instructions", async () => {
    const load = await loadLibtorch();
    if (load.ok) {
      const result = await selectBackend('libtorch', { threads: 1 });
      expect(result.backend).toBe('libtorch');
      expect(result.notice).toBeUndefined();
      expect(convGradSum()).toBeCloseTo(600, 3);
    } else {
      const error = await selectBackend('libtorch').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CblossError);
      expect((error as CblossError).code).toBe('not-found');
      expect((error as Error).message).toContain(load.reason);
      expect((error as Error).message).toContain(LIBTORCH_INSTALL_HINT);
      expect(LIBTORCH_INSTALL_HINT).toBe('apt-get install libtorch-dev libopenblas0-openmp, then npm rebuild tfjs-backend-libtorch');
    }
  });

  it("'auto' prefers libtorch, else falls back to wasm with a one-line notice", async () => {
    const load = await loadLibtorch();
    const logged: string[] = [];
    const result = await selectBackend('auto', { log: (line) => logged.push(line) });
    if (load.ok) {
      expect(result).toEqual({ backend: 'libtorch' });
      expect(logged).toEqual([]);
    } else {
      expect(result.backend).toBe('wasm');
      expect(result.notice).toMatch(/^libtorch unavailable \(.+\); using wasm/);
      expect(result.notice).not.toContain('\n');
      expect(logged).toEqual([result.notice]);
    }
  });

  it('rejects unknown choices (with a suggestion) and bad thread counts', async () => {
    const unknown = await selectBackend('wsam' as never).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(CblossError);
    expect((unknown as CblossError).code).toBe('unknown-name');
    expect((unknown as Error).message).toMatch(/^selectBackend: 'choice' must be one of auto, libtorch, wasm, cpu; got 'wsam' \(did you mean 'wasm'\?\)\.$/);
    const threads = await selectBackend('cpu', { threads: 0 }).catch((e: unknown) => e);
    expect((threads as CblossError).code).toBe('invalid-argument');
    expect((threads as Error).message).toBe("selectBackend: 'threads' must be a positive integer; got 0.");
  });
});
