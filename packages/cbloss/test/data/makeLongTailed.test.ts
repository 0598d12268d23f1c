import { describe, expect, it } from 'vitest';
import { makeLongTailed } from '../../src/data/makeLongTailed.js';
import type { DataSplit } from '../../src/types.js';

/** A balanced fake split: `perClass` samples of each class, interleaved; x[i] = i (sampleSize 1). */
function balanced(numClasses: number, perClass: number): DataSplit {
  const count = numClasses * perClass;
  return {
    x: Float32Array.from({ length: count }, (_, i) => i),
    labels: Int32Array.from({ length: count }, (_, i) => i % numClasses),
    count,
  };
}

const counts = (labels: Int32Array, numClasses: number): number[] => {
  const out = new Array<number>(numClasses).fill(0);
  for (const l of labels) out[l]!++;
  return out;
};

describe('makeLongTailed', () => {
  const cifar = balanced(10, 5000);

  it("gives the paper's long-tailed CIFAR-10 counts at IF = 100 (Cui et al. 2019, section 5.1)", () => {
    const lt = makeLongTailed(cifar, 10, { imbalanceFactor: 100, seed: 1, sampleSize: 1 });
    const paper = [5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50];
    expect(lt.samplesPerClass).toEqual(paper);
    expect(counts(lt.split.labels, 10)).toEqual(paper);
    expect(lt.split.count).toBe(12406);
    expect(lt.indices.length).toBe(12406);
  });

  it('records indices in original order, and the split holds exactly those samples', () => {
    const lt = makeLongTailed(cifar, 10, { imbalanceFactor: 10, seed: 2, sampleSize: 1 });
    for (let k = 1; k < lt.indices.length; k++) expect(lt.indices[k]!).toBeGreaterThan(lt.indices[k - 1]!);
    for (let k = 0; k < lt.indices.length; k++) {
      expect(lt.split.x[k]).toBe(lt.indices[k]); // x[i] = i
      expect(lt.split.labels[k]).toBe(cifar.labels[lt.indices[k]!]);
    }
  });

  it('is seeded: same seed same indices, different seed different indices', () => {
    const opts = { imbalanceFactor: 50, sampleSize: 1 };
    const a = makeLongTailed(cifar, 10, { ...opts, seed: 7 }).indices;
    const b = makeLongTailed(cifar, 10, { ...opts, seed: 7 }).indices;
    const c = makeLongTailed(cifar, 10, { ...opts, seed: 8 }).indices;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('draws a uniform subset: a tail class is not just its first samples', () => {
    const lt = makeLongTailed(cifar, 10, { imbalanceFactor: 100, seed: 3, sampleSize: 1 });
    const tail = Array.from(lt.indices).filter((i) => cifar.labels[i] === 9);
    expect(tail).toHaveLength(50);
    // Uniform over 5000 samples: the mean position is ~2500 (sd ≈ 1443/√50 ≈ 204), far from the first 50.
    const meanRank = tail.reduce((s, i) => s + (i - 9) / 10, 0) / tail.length;
    expect(meanRank).toBeGreaterThan(1500);
    expect(meanRank).toBeLessThan(3500);
  });

  it('keeps everything at IF = 1, and slices x by sampleSize', () => {
    const split: DataSplit = { x: Uint8Array.from({ length: 12 }, (_, i) => i), labels: new Int32Array([0, 1, 1, 0, 2, 2]), count: 6 };
    const same = makeLongTailed(split, 3, { imbalanceFactor: 1, seed: 1, sampleSize: 2 });
    expect(Array.from(same.indices)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(same.samplesPerClass).toEqual([2, 2, 2]);
    const lt = makeLongTailed(split, 3, { imbalanceFactor: 2, seed: 1, sampleSize: 2 });
    expect(lt.samplesPerClass).toEqual([2, 1, 1]); // floor(2·0.5^(1/2)) = 1
    expect(lt.split.x).toBeInstanceOf(Uint8Array);
    lt.indices.forEach((i, k) => expect(Array.from(lt.split.x.subarray(2 * k, 2 * k + 2))).toEqual([2 * i, 2 * i + 1]));
  });

  it('uses the smallest class count as n_max by default, or maxCount', () => {
    const split = { ...balanced(3, 100) };
    const uneven: DataSplit = { x: split.x.subarray(0, 298), labels: split.labels.subarray(0, 298), count: 298 }; // class 1: 99, class 2: 99
    expect(makeLongTailed(uneven, 3, { imbalanceFactor: 4, seed: 1, sampleSize: 1 }).samplesPerClass).toEqual([99, 49, 24]);
    expect(makeLongTailed(uneven, 3, { imbalanceFactor: 4, seed: 1, sampleSize: 1, maxCount: 40 }).samplesPerClass).toEqual([40, 20, 10]);
  });

  it('supports the step profile', () => {
    const lt = makeLongTailed(balanced(4, 100), 4, { imbalanceFactor: 10, profile: 'step', seed: 1, sampleSize: 1 });
    expect(lt.samplesPerClass).toEqual([100, 100, 10, 10]);
  });

  it('rejects a class with fewer samples than asked, empty classes, and bad inputs', () => {
    expect(() => makeLongTailed(balanced(3, 10), 3, { imbalanceFactor: 2, maxCount: 11, seed: 1, sampleSize: 1 })).toThrow(
      expect.objectContaining({ code: 'invalid-argument', message: 'makeLongTailed: class 0 must have at least 11 samples for maxCount 11 and imbalanceFactor 2; got 10.' }),
    );
    const noClass2: DataSplit = { x: new Float32Array(2), labels: new Int32Array([0, 1]), count: 2 };
    expect(() => makeLongTailed(noClass2, 3, { imbalanceFactor: 2, seed: 1, sampleSize: 1 })).toThrow(/at least one sample; got 0 for class 2/);
    expect(() => makeLongTailed(noClass2, 2, { imbalanceFactor: 2, seed: 1, sampleSize: 3 })).toThrow(expect.objectContaining({ code: 'shape-mismatch' }));
    expect(() => makeLongTailed(noClass2, 1, { imbalanceFactor: 2, seed: 1, sampleSize: 1 })).toThrow(/'labels' must be in \[0, 1\); got 1 at index 1/);
    expect(() => makeLongTailed(balanced(2, 3), 2, { imbalanceFactor: 0.5, seed: 1, sampleSize: 1 })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => makeLongTailed(balanced(2, 3), 2, { imbalanceFactor: 2, seed: 1.5, sampleSize: 1 })).toThrow("makeLongTailed: 'seed' must be an integer; got 1.5.");
  });
});
