import { describe, expect, it } from 'vitest';
import { CbLossError, effectiveNumber, effectiveNumbers } from '../../src/core/index.js';
import { golden } from '../helpers/golden.js';

describe('effectiveNumber', () => {
  it('matches the float64 golden values to 1e-12 relative, including beta within 1e-9 of 1', () => {
    for (const { n, beta, value } of golden.effectiveNumber) {
      const got = effectiveNumber(n, beta);
      expect(Math.abs(got - value) / value, `n=${n} beta=${beta}`).toBeLessThan(1e-12);
    }
  });

  it('stays accurate within 1e-12 of beta = 1, where 1 - beta^n would cancel', () => {
    // E_n = n - n(n-1)/2·ε + O(ε²) for β = 1 - ε
    const eps = 1e-13;
    const n = 1000;
    const expected = n - (n * (n - 1) * eps) / 2;
    expect(Math.abs(effectiveNumber(n, 1 - eps) - expected) / expected).toBeLessThan(1e-9);
    // the naive formula loses most digits here
    const naive = (1 - Math.pow(1 - eps, n)) / eps;
    expect(Math.abs(naive - expected) / expected).toBeGreaterThan(1e-6);
  });

  it('has the limits 1 at beta = 0, n at beta = 1, 1/(1-beta) for large n, 0 at n = 0', () => {
    expect(effectiveNumber(37, 0)).toBe(1);
    expect(effectiveNumber(37, 1)).toBe(37);
    expect(effectiveNumber(1e9, 0.99)).toBeCloseTo(100, 9);
    expect(effectiveNumber(0, 0.9)).toBe(0);
    expect(effectiveNumber(1, 0.9)).toBeCloseTo(1, 14);
  });

  it('is non-decreasing in n (it saturates at 1/(1-beta) in float64) and bounded by n', () => {
    for (const beta of [0.5, 0.9, 0.999, 0.999999]) {
      let previous = 0;
      for (const n of [1, 2, 5, 10, 100, 1000, 10000]) {
        const e = effectiveNumber(n, beta);
        expect(e).toBeGreaterThanOrEqual(previous);
        expect(e).toBeLessThanOrEqual(n * (1 + 1e-15));
        previous = e;
      }
    }
  });

  it('rejects beta outside [0, 1] or NaN and bad n with a CbLossError', () => {
    for (const beta of [-0.1, 1.0001, NaN, Infinity]) {
      expect(() => effectiveNumber(10, beta)).toThrow(CbLossError);
    }
    expect(() => effectiveNumber(10, 1.2)).toThrow("effectiveNumber: 'beta' must be in [0, 1]; got 1.2.");
    expect(() => effectiveNumber(-1, 0.9)).toThrow("effectiveNumber: 'n' must be a finite number >= 0; got -1.");
    expect(() => effectiveNumber(NaN, 0.9)).toThrow(CbLossError);
  });
});

describe('effectiveNumbers', () => {
  it('maps every class count', () => {
    expect(effectiveNumbers([1, 2, 10], 0.9)).toEqual([1, effectiveNumber(2, 0.9), effectiveNumber(10, 0.9)]);
    expect(effectiveNumbers(new Int32Array([3, 4]), 1)).toEqual([3, 4]);
  });

  it('rejects bad counts naming the index', () => {
    expect(() => effectiveNumbers([3, -1], 0.9)).toThrow("effectiveNumbers: 'samplesPerClass[1]' must be a non-negative integer; got -1.");
    expect(() => effectiveNumbers([3, 1.5], 0.9)).toThrow(CbLossError);
    expect(() => effectiveNumbers([3, Infinity], 0.9)).toThrow(CbLossError);
    expect(() => effectiveNumbers([], 0.9)).toThrow(CbLossError);
  });
});
