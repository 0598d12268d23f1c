import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CbLossError, tauNormalize, tauNormalizeValues } from '../../src/index.js';
import { expectAllFinite, expectClose } from '../helpers/close.js';
import { BACKENDS, expectNoLeak, tf, useBackend } from '../helpers/tf.js';

/** Float64 values from test/fixtures/tau_normalize_reference.py (formula and the cross-check with the official pnorm there). */
const golden = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/tau_normalize_golden.json', import.meta.url)), 'utf8')) as {
  cases: { kernel: number[][]; tau: number; normalized: number[][] }[];
};
const TOL = { relTol: 1e-5, absTol: 1e-6 };

/** The Euclidean norm of each column of a [D, C] row-major array. */
function columnNorms(values: ArrayLike<number>, columns: number): number[] {
  const squares = new Array<number>(columns).fill(0);
  for (let i = 0; i < values.length; i++) squares[i % columns]! += (values[i] as number) ** 2;
  return squares.map(Math.sqrt);
}

describe('tauNormalizeValues (float64 core)', () => {
  it('matches the reference script; τ = 0 changes nothing; a zero column stays zero', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(7);
    for (const c of golden.cases) {
      const shape = [c.kernel.length, (c.kernel[0] as number[]).length] as const;
      expectClose(tauNormalizeValues(c.kernel.flat(), shape, c.tau), c.normalized.flat(), { ...TOL, what: `tau=${c.tau} [${shape}]` });
    }
    const kernel = [1.5, -2, 0.25, 4, 0, 3];
    expect(Array.from(tauNormalizeValues(kernel, [2, 3], 0))).toEqual(kernel);
    expectClose(tauNormalizeValues([3, 0, 4, 2], [2, 2], 1), [0.6, 0, 0.8, 1], { relTol: 1e-7, absTol: 0 });
    const withZero = tauNormalizeValues([0, 1, 0, 2], [2, 2], 1.5);
    expect([withZero[0], withZero[2]]).toEqual([0, 0]);
    // float64 inside: ‖W‖^τ = 1e55 would not fit in float32, the result 3.5e-37 does
    expectClose(tauNormalizeValues([1e18, 1e18], [2, 1], 3), [1e18 / (Math.SQRT2 * 1e18) ** 3, 1e18 / (Math.SQRT2 * 1e18) ** 3], { relTol: 1e-6, absTol: 0 });
  });

  it('bad inputs', () => {
    expect(() => tauNormalizeValues([1, 2, 3], [2, 2], 1)).toThrow("tauNormalizeValues: 'shape' [D, C] must have D·C = 3 (the length of 'kernel'); got [2, 2].");
    expect(() => tauNormalizeValues([1, 2], [2, 1], -1)).toThrow("tauNormalizeValues: 'tau' must be a finite number >= 0; got -1.");
    expect(() => tauNormalizeValues([1, 2], [2, 0.5] as never, 1)).toThrow("tauNormalizeValues: 'shape[1]' must be an integer >= 1; got 0.5.");
    expect(() => tauNormalizeValues(null as never, [1, 1], 1)).toThrow(CbLossError);
  });
});

describe.each(BACKENDS)('tauNormalize on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('matches the float64 golden values and leaks nothing', () => {
    for (const c of golden.cases) {
      expectNoLeak(() => {
        const kernel = tf.tensor2d(c.kernel);
        const normalized = tauNormalize(kernel, c.tau);
        expect(normalized.shape).toEqual(kernel.shape);
        expectClose(normalized.dataSync(), c.normalized.flat(), { ...TOL, what: `tau=${c.tau} ${kernel.shape}` });
        tf.dispose([kernel, normalized]);
      });
    }
  });

  it('identities: τ = 0 is the identity, τ = 1 gives unit columns, norms become ‖W‖^(1−τ), directions and the scale of W do not matter at τ = 1', () => {
    expectNoLeak(() => {
      tf.tidy(() => {
        const values = [
          [0.9, -0.1, 0.02, 0],
          [-1.4, 0.3, 0.05, 0],
          [2.2, 0.2, -0.01, 0],
        ];
        const kernel = tf.tensor2d(values);
        expect(tauNormalize(kernel, 0).dataSync()).toEqual(kernel.dataSync());
        const norms = columnNorms(kernel.dataSync(), 4);
        for (const tau of [0.3, 1, 1.8]) {
          const out = tauNormalize(kernel, tau).dataSync();
          expectAllFinite(out, `tau=${tau}`);
          expectClose(columnNorms(out, 4), norms.map((n) => (n === 0 ? 0 : n ** (1 - tau))), { relTol: 1e-5, absTol: 1e-7, what: `norms tau=${tau}` });
          // every column keeps its direction: out = W · positive factor
          values.flat().forEach((v, i) => expect(Math.sign(out[i] as number)).toBe(Math.sign(v)));
        }
        expectClose(tauNormalize(tf.mul(kernel, 1000), 1).dataSync(), tauNormalize(kernel, 1).dataSync(), { relTol: 1e-5, absTol: 1e-7, what: 'scale' });
        // norms far from 1: ‖W‖^τ = 1e12 and 1e-12
        const big = tauNormalize(tf.tensor2d([[3e4, 3e-4], [4e4, 4e-4]]), 2.4).dataSync();
        expectAllFinite(big, 'big');
        expectClose(big, [3e4 / 5e4 ** 2.4, 3e-4 / 5e-4 ** 2.4, 4e4 / 5e4 ** 2.4, 4e-4 / 5e-4 ** 2.4], { relTol: 1e-5, absTol: 0, what: 'far from 1' });
      });
    });
  });

  it('bad inputs throw CbLossError naming tauNormalize', () => {
    tf.tidy(() => {
      expect(() => tauNormalize(tf.tensor1d([1, 2]), 1)).toThrow("tauNormalize: 'kernel' must have rank 2 [D, C]; got shape [2].");
      expect(() => tauNormalize(tf.tensor2d([[1, 2]], undefined, 'int32'), 1)).toThrow("tauNormalize: 'kernel' must have dtype float32; got 'int32'.");
      expect(() => tauNormalize(tf.tensor2d([[1, 2]]), NaN)).toThrow("tauNormalize: 'tau' must be a finite number >= 0; got NaN.");
      expect(() => tauNormalize([[1]] as never, 1)).toThrow("tauNormalize: 'kernel' must be a tf.Tensor; got 'object'.");
    });
  });
});
