import { describe, expect, it } from 'vitest';
import { betaFromSlider, sliderFromBeta } from '../../../src/page/ui/betaScale.js';

describe('the β slider scale', () => {
  it('puts the paper\'s β values at 1, 2, 3, 4 and β = 0 at 0', () => {
    expect([0, 1, 2, 3, 4].map(betaFromSlider)).toEqual([0, 0.9, 0.99, 0.999, 0.9999]);
    expect([0, 0.9, 0.99, 0.999, 0.9999].map(sliderFromBeta)).toEqual([0, 1, 2, 3, 4]);
  });
  it('round-trips in between and clamps outside', () => {
    for (const t of [0.37, 1.5, 2.25, 4.99]) expect(sliderFromBeta(betaFromSlider(t))).toBeCloseTo(t, 6);
    expect(sliderFromBeta(1)).toBe(5);
    expect(sliderFromBeta(-1)).toBe(0);
    expect(betaFromSlider(-1)).toBe(0);
  });
});
