import { describe, expect, it } from 'vitest';
import { meanStd } from '../../src/sweep/meanStd.js';

describe('meanStd', () => {
  it('gives the mean and the sample (n − 1) standard deviation', () => {
    // Reference: numpy.mean([24, 26, 31]) = 27, numpy.std([24, 26, 31], ddof=1) = sqrt(13) = 3.605551275463989
    const { mean, std } = meanStd([24, 26, 31]);
    expect(mean).toBeCloseTo(27, 12);
    expect(std).toBeCloseTo(Math.sqrt(13), 12);
  });

  it('has no std for one value and NaN mean for none', () => {
    expect(meanStd([24])).toEqual({ mean: 24, std: undefined });
    expect(Number.isNaN(meanStd([]).mean)).toBe(true);
  });

  it('is exactly 0 for identical values', () => {
    expect(meanStd([0.1, 0.1, 0.1]).std).toBe(0);
  });
});
