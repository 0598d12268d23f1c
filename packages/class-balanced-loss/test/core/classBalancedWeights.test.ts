import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CbLossError, classBalancedWeights, effectiveNumber } from '../../src/core/index.js';
import { golden } from '../helpers/golden.js';

const FC_SEED = 20190105;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('classBalancedWeights', () => {
  it('matches the golden weights to 1e-13 relative', () => {
    for (const { counts, beta, weights } of golden.weights) {
      const got = classBalancedWeights(counts, beta);
      got.forEach((w, i) => {
        const ref = weights[i] as number;
        expect(Math.abs(w - ref) / ref, `beta=${beta} i=${i}`).toBeLessThan(1e-13);
      });
    }
  });

  it('is all ones at beta = 0 and inverse frequency at beta = 1', () => {
    expect(classBalancedWeights([5000, 50, 7], 0)).toEqual([1, 1, 1]);
    const w = classBalancedWeights([100, 50, 25], 1);
    // ∝ 1/n: 1, 2, 4 → scaled to sum 3
    [1, 2, 4].forEach((r, i) => expect(w[i]).toBeCloseTo((3 * r) / 7, 14));
  });

  it('follows the formula w_i = C·(1/E_i)/Σ_j(1/E_j)', () => {
    const counts = [300, 20, 7, 1];
    const inv = counts.map((n) => 1 / effectiveNumber(n, 0.99));
    const w = classBalancedWeights(counts, 0.99);
    w.forEach((wi, i) => expect(wi).toBeCloseTo((4 * (inv[i] as number)) / sum(inv), 13));
  });

  it(`property (fast-check seed ${FC_SEED}): weights sum to C and more samples never give a larger weight`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 50 }),
        fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.9, 0.999999, 1)),
        (counts, beta) => {
          const w = classBalancedWeights(counts, beta);
          expect(Math.abs(sum(w) - counts.length)).toBeLessThan(1e-9 * counts.length);
          for (let i = 0; i < counts.length; i++) {
            for (let j = 0; j < counts.length; j++) {
              if ((counts[i] as number) > (counts[j] as number)) expect(w[i] as number).toBeLessThanOrEqual((w[j] as number) * (1 + 1e-12));
            }
          }
        },
      ),
      { seed: FC_SEED, numRuns: 200 },
    );
  });

  it('rejects a zero count by default, naming the class index', () => {
    expect(() => classBalancedWeights([10, 0, 3], 0.9)).toThrow(/classBalancedWeights: 'samplesPerClass\[1\]' must be > 0/);
  });

  it("'zero-weight' gives absent classes 0 and the present ones sum to C", () => {
    const w = classBalancedWeights([10, 0, 10, 0], 0.5, { zeroCount: 'zero-weight' });
    expect(w).toEqual([2, 0, 2, 0]);
    const v = classBalancedWeights([100, 0, 10], 0.99, { zeroCount: 'zero-weight' });
    expect(v[1]).toBe(0);
    expect(sum(v)).toBeCloseTo(3, 12);
    expect(() => classBalancedWeights([0, 0], 0.5, { zeroCount: 'zero-weight' })).toThrow(CbLossError);
  });

  it('rejects bad beta, counts and options', () => {
    expect(() => classBalancedWeights([1, 2], -0.5)).toThrow("classBalancedWeights: 'beta' must be in [0, 1]; got -0.5.");
    expect(() => classBalancedWeights([1, 2], NaN)).toThrow(CbLossError);
    expect(() => classBalancedWeights([], 0.9)).toThrow("classBalancedWeights: 'samplesPerClass' must be a non-empty list of counts; got [].");
    expect(() => classBalancedWeights([1, 2.5], 0.9)).toThrow(CbLossError);
    expect(() => classBalancedWeights([1, NaN], 0.9)).toThrow(CbLossError);
    expect(() => classBalancedWeights([1, 2], 0.9, { zeroCount: 'drop' as never })).toThrow(
      expect.objectContaining({ code: 'unknown-name' }),
    );
  });
});
