import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heldOutCount, stratifiedSplit } from '../../../src/page/data/stratifiedSplit.js';

describe('heldOutCount', () => {
  it('rounds the fraction, keeps one sample on each side when it can', () => {
    expect([100, 3, 2, 1, 0].map((n) => heldOutCount(n, 0.2))).toEqual([20, 1, 1, 0, 0]);
    expect(heldOutCount(10, 0.99)).toBe(9); // never the whole class
    expect(heldOutCount(10, 0)).toBe(1); // at least one held-out sample per class of ≥ 2
  });
});

describe('stratifiedSplit', () => {
  const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2];

  it('holds out heldOutCount of every class, partitions the indices, both parts sorted', () => {
    const { train, test } = stratifiedSplit(labels, 3, 0.2, 7);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(test).toEqual([...test].sort((a, b) => a - b));
    const perClass = (part: number[]) => [0, 1, 2].map((c) => part.filter((i) => labels[i] === c).length);
    expect(perClass(test)).toEqual([2, 1, 1]);
    expect(perClass(train)).toEqual([8, 4, 1]);
  });

  it('is reproducible from the seed, and another seed draws other samples', () => {
    expect(stratifiedSplit(labels, 3, 0.2, 7)).toEqual(stratifiedSplit(labels, 3, 0.2, 7));
    const draws = new Set([1, 2, 3, 4, 5, 6].map((seed) => stratifiedSplit(labels, 3, 0.3, seed).test.join(',')));
    expect(draws.size).toBeGreaterThan(1);
  });

  it('property: for any labels, each class keeps its count and holds out heldOutCount (seeded)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 60 }), fc.double({ min: 0, max: 0.9, noNaN: true }), fc.integer(), (ls, fraction, seed) => {
        const { train, test } = stratifiedSplit(ls, 5, fraction, seed);
        for (let c = 0; c < 5; c++) {
          const n = ls.filter((l) => l === c).length;
          expect(test.filter((i) => ls[i] === c).length).toBe(heldOutCount(n, fraction));
          expect(train.filter((i) => ls[i] === c).length).toBe(n - heldOutCount(n, fraction));
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('rejects bad labels and fractions naming the argument', () => {
    expect(() => stratifiedSplit([0, 3], 3, 0.2, 1)).toThrow("stratifiedSplit: 'labels[1]' must be an integer class id in [0, 2]; got 3.");
    expect(() => stratifiedSplit([0, 1], 2, 1, 1)).toThrow("stratifiedSplit: 'testFraction' must be in [0, 1); got 1.");
    expect(() => stratifiedSplit([0, 1], 0, 0.2, 1)).toThrow(/^stratifiedSplit: 'numClasses' must be an integer >= 1/);
  });
});
