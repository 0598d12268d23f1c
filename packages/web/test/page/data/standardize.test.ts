import { describe, expect, it } from 'vitest';
import { countLabels } from '../../../src/page/data/countLabels.js';
import { imbalanceFactor } from '../../../src/page/data/imbalanceFactor.js';
import { standardize } from '../../../src/page/data/standardize.js';

describe('standardize', () => {
  it("uses the training rows' statistics only, and only centres a constant feature", () => {
    // rows: (1, 10), (3, 10), (5, 10); train = rows 0 and 1: mean (2, 10), std (1, 0)
    expect([...standardize(new Float32Array([1, 10, 3, 10, 5, 10]), 2, [0, 1])]).toEqual([-1, 0, 1, 0, 3, 0]);
  });
  it('gives the training rows mean 0 and variance 1 per feature', () => {
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i) * 7 + (i % 2) * 3);
    const train = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18];
    standardize(x, 2, train);
    for (const f of [0, 1]) {
      const values = train.map((r) => x[r * 2 + f] as number);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      expect(mean).toBeCloseTo(0, 5);
      expect(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length).toBeCloseTo(1, 5);
    }
  });
});

describe('countLabels and imbalanceFactor', () => {
  it('counts a subset by class', () => {
    expect(countLabels(new Int32Array([0, 1, 1, 2]), [1, 2, 3], 3)).toEqual([0, 2, 1]);
  });
  it('is max/min over the classes with samples', () => {
    expect(imbalanceFactor([5000, 500, 50])).toBe(100);
    expect(imbalanceFactor([7, 0, 7])).toBe(1);
    expect(() => imbalanceFactor([1.5, 2])).toThrow("imbalanceFactor: 'samplesPerClass[0]' must be a non-negative integer; got 1.5.");
  });
});
