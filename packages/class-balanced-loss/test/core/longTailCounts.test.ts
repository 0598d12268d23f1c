import { describe, expect, it } from 'vitest';
import { CbLossError, longTailCounts } from '../../src/core/index.js';

describe('longTailCounts', () => {
  it("reproduces the paper's long-tailed CIFAR-10 counts at IF = 100", () => {
    expect(longTailCounts({ maxCount: 5000, numClasses: 10, imbalanceFactor: 100 })).toEqual([
      5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50,
    ]);
  });

  it('CIFAR-100 at IF = 200 goes from 500 down to floor(500/200) = 2', () => {
    const counts = longTailCounts({ maxCount: 500, numClasses: 100, imbalanceFactor: 200 });
    expect(counts).toHaveLength(100);
    expect(counts[0]).toBe(500);
    expect(counts[99]).toBe(2);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1] as number);
  });

  it('IF = 1 is balanced for both profiles; one class is maxCount', () => {
    expect(longTailCounts({ maxCount: 7, numClasses: 4, imbalanceFactor: 1 })).toEqual([7, 7, 7, 7]);
    expect(longTailCounts({ maxCount: 7, numClasses: 4, imbalanceFactor: 1, profile: 'step' })).toEqual([7, 7, 7, 7]);
    expect(longTailCounts({ maxCount: 9, numClasses: 1, imbalanceFactor: 10 })).toEqual([9]);
  });

  it('step profile: majority classes keep maxCount, the minority fraction gets floor(maxCount/IF)', () => {
    expect(longTailCounts({ maxCount: 100, numClasses: 4, imbalanceFactor: 10, profile: 'step' })).toEqual([100, 100, 10, 10]);
    expect(
      longTailCounts({ maxCount: 100, numClasses: 10, imbalanceFactor: 3, profile: 'step', minorityFraction: 0.8 }),
    ).toEqual([100, 100, 33, 33, 33, 33, 33, 33, 33, 33]);
  });

  it('never returns a count below 1', () => {
    expect(Math.min(...longTailCounts({ maxCount: 10, numClasses: 5, imbalanceFactor: 1000 }))).toBe(1);
  });

  it('rejects bad options with a CbLossError', () => {
    expect(() => longTailCounts({ maxCount: 100, numClasses: 10, imbalanceFactor: 0.5 })).toThrow(
      "longTailCounts: 'imbalanceFactor' must be a finite number >= 1; got 0.5.",
    );
    expect(() => longTailCounts({ maxCount: 10.5, numClasses: 10, imbalanceFactor: 2 })).toThrow(CbLossError);
    expect(() => longTailCounts({ maxCount: 10, numClasses: 0, imbalanceFactor: 2 })).toThrow(CbLossError);
    expect(() => longTailCounts({ maxCount: 10, numClasses: 3, imbalanceFactor: NaN })).toThrow(CbLossError);
    expect(() => longTailCounts({ maxCount: 10, numClasses: 3, imbalanceFactor: 2, minorityFraction: 1.5 })).toThrow(CbLossError);
    expect(() => longTailCounts({ maxCount: 10, numClasses: 3, imbalanceFactor: 2, profile: 'linear' as never })).toThrow(
      expect.objectContaining({ code: 'unknown-name' }),
    );
  });
});
