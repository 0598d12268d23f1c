import { describe, expect, it } from 'vitest';
import {
  CbLossError,
  confusionMatrix,
  perClassAccuracy,
  shotAccuracy,
  shotThresholds,
  top1Error,
  balancedError,
} from '../../src/core/index.js';

describe('confusionMatrix', () => {
  it('counts [true][predicted]', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2], [0, 1, 1, 0, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
    expect(confusionMatrix(new Int32Array([]), [], 2)).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('rejects out-of-range or non-integer ids and length mismatches', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow("confusionMatrix: 'labels[1]' must be an integer class id in [0, 2]; got 3.");
    expect(() => confusionMatrix([0, 1], [0, 0.5], 3)).toThrow(CbLossError);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(expect.objectContaining({ code: 'shape-mismatch' }));
    expect(() => confusionMatrix([0], [0], 0)).toThrow(CbLossError);
  });
});

describe('perClassAccuracy', () => {
  it('gives percentages and null for a class without samples', () => {
    expect(perClassAccuracy([0, 0, 1, 1, 1, 1], [0, 1, 1, 1, 1, 0], 3)).toEqual([50, 75, null]);
  });
});

describe('top1Error', () => {
  it('is the percentage of wrong predictions', () => {
    expect(top1Error([0, 1, 2, 2], [0, 1, 1, 2])).toBe(25);
    expect(top1Error([1], [1])).toBe(0);
  });

  it('rejects empty or mismatched inputs', () => {
    expect(() => top1Error([], [])).toThrow(CbLossError);
    expect(() => top1Error([1, 2], [1])).toThrow(expect.objectContaining({ code: 'shape-mismatch' }));
  });
});

describe('shotThresholds', () => {
  it('is 100/20 for datasets whose largest class has at least 1000 samples', () => {
    expect(shotThresholds([5000, 50])).toEqual({ manyAbove: 100, fewBelow: 20 });
    expect(shotThresholds([1000, 1])).toEqual({ manyAbove: 100, fewBelow: 20 });
  });

  it('scales proportionally to the largest class below 1000', () => {
    expect(shotThresholds([500, 5])).toEqual({ manyAbove: 50, fewBelow: 10 });
    expect(shotThresholds([100, 10])).toEqual({ manyAbove: 10, fewBelow: 2 });
  });
});

describe('shotAccuracy', () => {
  it('averages the accuracies of each group, skipping null, null for an empty group', () => {
    expect(shotAccuracy([90, 70, 40, null], [5000, 500, 10, 5])).toEqual({
      many: 80,
      medium: null,
      few: 40,
      manyAbove: 100,
      fewBelow: 20,
    });
    // boundaries: count == manyAbove and count == fewBelow are medium
    expect(shotAccuracy([10, 20, 30], [100, 20, 19], { manyAbove: 100, fewBelow: 20 })).toEqual({
      many: null,
      medium: 15,
      few: 30,
      manyAbove: 100,
      fewBelow: 20,
    });
  });

  it('uses shotThresholds by default and validates its inputs', () => {
    expect(shotAccuracy([100, 0], [500, 5])).toMatchObject({ many: 100, few: 0, manyAbove: 50, fewBelow: 10 });
    expect(() => shotAccuracy([1, 2], [3])).toThrow(expect.objectContaining({ code: 'shape-mismatch' }));
    expect(() => shotAccuracy([1, 2], [3, 4], { manyAbove: 10, fewBelow: 20 })).toThrow(CbLossError);
  });
});

describe('balancedError', () => {
  it('averages the per-class errors, so a head class cannot hide a missed tail class', () => {
    expect(balancedError([0, 0, 0, 1], [0, 0, 0, 0], 2)).toBe(50);
    expect(top1Error([0, 0, 0, 1], [0, 0, 0, 0])).toBe(25);
  });
  it('equals top1Error on a balanced set', () => {
    const labels = [0, 0, 1, 1, 2, 2];
    const predictions = [0, 1, 1, 1, 0, 2];
    expect(balancedError(labels, predictions, 3)).toBeCloseTo(top1Error(labels, predictions), 12);
  });
  it('ignores classes without samples', () => {
    expect(balancedError([0, 2], [0, 1], 3)).toBe(50);
  });
  it('rejects empty and mismatched inputs', () => {
    expect(() => balancedError([], [], 2)).toThrow(/balancedError: 'labels' must be non-empty/);
    expect(() => balancedError([0, 1], [0], 2)).toThrow(CbLossError);
  });
});
