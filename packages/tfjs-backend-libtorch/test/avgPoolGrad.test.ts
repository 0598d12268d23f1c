import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibtorchAvailable, registerLibtorchBackend } from '../src/index.js';
import { values } from './helpers/compareBackends.js';

// Average pooling is linear, so its gradient is its adjoint: <AvgPoolGrad(dy), x> = <dy, AvgPool(x)> for all x, dy.
// This pins down the gradient where 'same' padding cuts windows (the cpu backend disagrees with its own forward there).
describe.skipIf(!isLibtorchAvailable())('AvgPoolGrad is the adjoint of AvgPool', () => {
  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('libtorch');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const geometries: Array<{ x: [number, number, number, number]; k: number | [number, number]; s: number | [number, number]; pad: 'same' | 'valid' }> = [
    { x: [2, 8, 8, 3], k: 3, s: 2, pad: 'same' },
    { x: [1, 5, 5, 2], k: 2, s: 1, pad: 'same' },
    { x: [1, 7, 6, 2], k: [3, 2], s: [2, 1], pad: 'same' },
    { x: [1, 6, 6, 1], k: 2, s: 2, pad: 'valid' },
  ];
  it.each(geometries.map((g, k) => [JSON.stringify(g), g, k] as const))('%s', (_name, g, k) => {
    const before = tf.memory().numTensors;
    const [lhs, rhs] = tf.tidy(() => {
      const x = tf.tensor4d(values({ shape: g.x }, 11 + k), g.x);
      const y = tf.avgPool(x, g.k, g.s, g.pad);
      const dy = tf.tensor(values({ shape: y.shape }, 97 + k), y.shape);
      const dx = tf.engine().runKernel('AvgPoolGrad', { dy, input: x }, { filterSize: g.k, strides: g.s, pad: g.pad }) as tf.Tensor;
      return [tf.sum(tf.mul(dx, x)).dataSync()[0] ?? NaN, tf.sum(tf.mul(dy, y)).dataSync()[0] ?? NaN];
    });
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * (1 + Math.abs(rhs)));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matches a hand-computed "same" case: corner windows average fewer cells', () => {
    // x: 1x2x2x1, k=2, s=1, 'same' -> pads one row/column at the bottom/right. Output cell (1,1) sees only x[1][1],
    // so dy there flows entirely to x[1][1]; cell (0,0) sees 4 cells, each getting 1/4.
    const dy = tf.tensor4d([0, 0, 0, 1], [1, 2, 2, 1]);
    const x = tf.zeros([1, 2, 2, 1]);
    const dx = tf.engine().runKernel('AvgPoolGrad', { dy, input: x }, { filterSize: 2, strides: 1, pad: 'same' }) as tf.Tensor;
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 0, 1]);
    const dy2 = tf.tensor4d([1, 0, 0, 0], [1, 2, 2, 1]);
    const dx2 = tf.engine().runKernel('AvgPoolGrad', { dy: dy2, input: x }, { filterSize: 2, strides: 1, pad: 'same' }) as tf.Tensor;
    expect(Array.from(dx2.dataSync())).toEqual([0.25, 0.25, 0.25, 0.25]);
    tf.dispose([dy, x, dx, dy2, dx2]);
  });
});
