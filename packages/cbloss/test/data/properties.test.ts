import fc from 'fast-check';
import { longTailCounts } from 'class-balanced-loss';
import { describe, expect, it } from 'vitest';
import { makeLongTailed } from '../../src/data/makeLongTailed.js';
import { splitValidation } from '../../src/data/splitValidation.js';
import type { DataSplit } from '../../src/types.js';

// Seeded so that runs are reproducible; fast-check prints the seed and the counterexample on failure.
const params = { seed: 20190105, numRuns: 60 };

/** A split with `perClass[c]` samples of class c in shuffled-looking order; x[i] = i (sampleSize 1). */
function splitOf(perClass: number[]): DataSplit {
  const labels = Int32Array.from(perClass.flatMap((n, c) => new Array<number>(n).fill(c)));
  // Deterministic interleave: a stride permutation, so classes are not in blocks.
  const order = Array.from(labels.keys()).sort((a, b) => ((a * 7919) % labels.length) - ((b * 7919) % labels.length));
  const permuted = Int32Array.from(order, (i) => labels[i]!);
  return { x: Float32Array.from(permuted, (_, i) => i), labels: permuted, count: permuted.length };
}

const countsOf = (labels: Int32Array, c: number): number[] => {
  const out = new Array<number>(c).fill(0);
  for (const l of labels) out[l]!++;
  return out;
};

describe('data properties', () => {
  it('makeLongTailed keeps exactly longTailCounts(min count) per class, distinct ascending indices of the right class', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 8 }),
        fc.double({ min: 1, max: 200, noNaN: true }),
        fc.constantFrom<'exponential' | 'step'>('exponential', 'step'),
        fc.integer({ min: 0, max: 1000 }),
        (perClass, imbalanceFactor, profile, seed) => {
          const split = splitOf(perClass);
          const C = perClass.length;
          const lt = makeLongTailed(split, C, { imbalanceFactor, profile, seed, sampleSize: 1 });
          const expected =
            imbalanceFactor === 1 ? perClass : longTailCounts({ maxCount: Math.min(...perClass), numClasses: C, imbalanceFactor, profile });
          expect(lt.samplesPerClass).toEqual(expected);
          expect(countsOf(lt.split.labels, C)).toEqual(expected);
          lt.indices.forEach((i, k) => {
            if (k > 0) expect(i).toBeGreaterThan(lt.indices[k - 1]!);
            expect(lt.split.labels[k]).toBe(split.labels[i]);
            expect(lt.split.x[k]).toBe(i);
          });
        },
      ),
      params,
    );
  });

  it('splitValidation partitions each class and keeps at least one training sample per non-empty class', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (perClass, fraction, seed) => {
          const split = splitOf(perClass);
          const C = perClass.length;
          const { train, validation } = splitValidation(split, C, { fraction, seed, sampleSize: 1 });
          const t = countsOf(train.labels, C);
          const v = countsOf(validation.labels, C);
          perClass.forEach((n, c) => {
            expect(t[c]! + v[c]!).toBe(n);
            expect(v[c]).toBe(Math.min(Math.round(fraction * n), Math.max(n - 1, 0)));
          });
          const ids = [...train.x, ...validation.x].sort((a, b) => a - b);
          expect(ids).toEqual(Array.from({ length: split.count }, (_, i) => i));
        },
      ),
      params,
    );
  });
});
