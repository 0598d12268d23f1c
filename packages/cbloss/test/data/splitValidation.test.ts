import { describe, expect, it } from 'vitest';
import { splitValidation } from '../../src/data/splitValidation.js';
import type { DataSplit } from '../../src/types.js';

/** Class c has `perClass[c]` samples, in blocks; x = [i, -i] (sampleSize 2). */
function split(perClass: number[]): DataSplit {
  const labels = Int32Array.from(perClass.flatMap((n, c) => new Array<number>(n).fill(c)));
  const x = Float32Array.from(Array.from(labels, (_, i) => [i, -i]).flat());
  return { x, labels, count: labels.length };
}

const counts = (labels: Int32Array, numClasses: number): number[] => {
  const out = new Array<number>(numClasses).fill(0);
  for (const l of labels) out[l]!++;
  return out;
};

describe('splitValidation', () => {
  it('holds out round(fraction·n_c) per class, keeping ≥ 1 training sample per class', () => {
    const s = split([100, 30, 5, 2, 1]);
    const { train, validation } = splitValidation(s, 5, { fraction: 0.2, seed: 1, sampleSize: 2 });
    expect(counts(validation.labels, 5)).toEqual([20, 6, 1, 0, 0]); // round(0.4) = 0; n = 1 keeps its sample
    expect(counts(train.labels, 5)).toEqual([80, 24, 4, 2, 1]);
    const big = splitValidation(split([3, 1]), 2, { fraction: 0.9, seed: 1, sampleSize: 2 });
    expect(counts(big.train.labels, 2)).toEqual([1, 1]);
  });

  it('partitions the samples (no loss, no overlap), in original order, rows intact', () => {
    const s = split([40, 12, 7]);
    const { train, validation } = splitValidation(s, 3, { fraction: 0.25, seed: 5, sampleSize: 2 });
    const ids = (d: DataSplit): number[] => Array.from({ length: d.count }, (_, k) => d.x[2 * k]!);
    const all = [...ids(train), ...ids(validation)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: s.count }, (_, i) => i));
    for (const d of [train, validation]) {
      const v = ids(d);
      v.forEach((i, k) => {
        expect(d.x[2 * k + 1]).toBe(-i);
        expect(d.labels[k]).toBe(s.labels[i]);
        if (k > 0) expect(i).toBeGreaterThan(v[k - 1]!);
      });
    }
  });

  it('is seeded', () => {
    const s = split([50, 50]);
    const v = (seed: number): number[] => Array.from(splitValidation(s, 2, { fraction: 0.1, seed, sampleSize: 2 }).validation.x);
    expect(v(1)).toEqual(v(1));
    expect(v(1)).not.toEqual(v(2));
  });

  it('gives an empty validation split at fraction 0 and rejects bad fractions', () => {
    const s = split([3, 3]);
    expect(splitValidation(s, 2, { fraction: 0, seed: 1, sampleSize: 2 }).validation.count).toBe(0);
    for (const fraction of [1, -0.1, NaN]) {
      expect(() => splitValidation(s, 2, { fraction, seed: 1, sampleSize: 2 })).toThrow(
        expect.objectContaining({ code: 'invalid-argument', message: `splitValidation: 'fraction' must be in [0, 1); got ${fraction}.` }),
      );
    }
  });
});
