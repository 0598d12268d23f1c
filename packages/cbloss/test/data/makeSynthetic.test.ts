import { describe, expect, it } from 'vitest';
import { makeSyntheticImages, makeSyntheticTabular } from '../../src/data/makeSynthetic.js';
import type { Dataset } from '../../src/types.js';

/** Test accuracy (%) of a nearest-class-mean classifier fitted on train: a cheap learnability check. */
function nearestMeanAccuracy(ds: Dataset, feature: (x: Dataset['train']['x'], i: number) => number[]): number {
  const dim = feature(ds.train.x, 0).length;
  const means = Array.from({ length: ds.numClasses }, () => new Array<number>(dim).fill(0));
  const n = new Array<number>(ds.numClasses).fill(0);
  for (let i = 0; i < ds.train.count; i++) {
    const c = ds.train.labels[i]!;
    feature(ds.train.x, i).forEach((v, d) => (means[c]![d]! += v));
    n[c]!++;
  }
  means.forEach((m, c) => m.forEach((_, d) => (m[d]! /= n[c]!)));
  let correct = 0;
  for (let i = 0; i < ds.test.count; i++) {
    const f = feature(ds.test.x, i);
    const dist = means.map((m) => m.reduce((s, v, d) => s + (v - f[d]!) ** 2, 0));
    if (dist.indexOf(Math.min(...dist)) === ds.test.labels[i]) correct++;
  }
  return (100 * correct) / ds.test.count;
}

describe('makeSyntheticTabular', () => {
  it('is balanced, shaped [F], seeded', () => {
    const ds = makeSyntheticTabular({ seed: 1, trainPerClass: 50, testPerClass: 10 });
    expect(ds.kind).toBe('tabular');
    expect(ds.sampleShape).toEqual([16]);
    expect(ds.train.count).toBe(500);
    expect(ds.train.x.length).toBe(500 * 16);
    expect(ds.test.count).toBe(100);
    expect(Array.from(ds.train.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(Array.from(makeSyntheticTabular({ seed: 1, trainPerClass: 50, testPerClass: 10 }).train.x)).toEqual(Array.from(ds.train.x));
    expect(Array.from(makeSyntheticTabular({ seed: 2, trainPerClass: 50, testPerClass: 10 }).train.x)).not.toEqual(Array.from(ds.train.x));
  });

  it('is learnable but not trivial (nearest class mean: 60–99 % test accuracy)', () => {
    const ds = makeSyntheticTabular({ seed: 1 });
    const acc = nearestMeanAccuracy(ds, (x, i) => Array.from(x.subarray(16 * i, 16 * i + 16)));
    expect(acc).toBeGreaterThan(60);
    expect(acc).toBeLessThan(99);
  });

  it('rejects bad sizes', () => {
    expect(() => makeSyntheticTabular({ numClasses: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid-argument', message: "makeSyntheticTabular: 'numClasses' must be a positive integer; got 0." }),
    );
  });
});

describe('makeSyntheticImages', () => {
  it('gives balanced [16, 16, 1] uint8 gratings, seeded', () => {
    const ds = makeSyntheticImages({ seed: 1, trainPerClass: 20, testPerClass: 5 });
    expect(ds.kind).toBe('image');
    expect(ds.sampleShape).toEqual([16, 16, 1]);
    expect(ds.train.x).toBeInstanceOf(Uint8Array);
    expect(ds.train.count).toBe(200);
    expect(ds.test.count).toBe(50);
    expect(ds.classNames[5]).toBe('grating 90°');
    expect(Array.from(makeSyntheticImages({ seed: 1, trainPerClass: 20, testPerClass: 5 }).test.x)).toEqual(Array.from(ds.test.x));
    expect(Array.from(makeSyntheticImages({ seed: 2, trainPerClass: 20, testPerClass: 5 }).test.x)).not.toEqual(Array.from(ds.test.x));
  });

  it('is learnable: orientation energy (phase-invariant) separates the classes', () => {
    const size = 16;
    const ds = makeSyntheticImages({ seed: 1, size, trainPerClass: 40, testPerClass: 20 });
    // Feature: |Fourier coefficient| at 2.5 cycles for each class orientation, which ignores the random phase.
    const feature = (x: Dataset['train']['x'], i: number): number[] =>
      Array.from({ length: 10 }, (_, c) => {
        const t = (Math.PI * c) / 10;
        let re = 0;
        let im = 0;
        for (let y = 0; y < size; y++) {
          for (let col = 0; col < size; col++) {
            const a = (2 * Math.PI * 2.5 * (col * Math.cos(t) + y * Math.sin(t))) / size;
            const v = x[i * size * size + y * size + col]! - 128;
            re += v * Math.cos(a);
            im += v * Math.sin(a);
          }
        }
        return Math.hypot(re, im) / 1000;
      });
    expect(nearestMeanAccuracy(ds, feature)).toBeGreaterThan(80);
  });
});
