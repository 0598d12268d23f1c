import { describe, expect, it } from 'vitest';
import { makeLongTailed } from '../../../src/data/makeLongTailed.js';
import { longTailedStream } from '../../../src/data/stream/longTailedStream.js';
import type { StreamDataset } from '../../../src/data/stream/StreamDataset.js';

/** A balanced index of `perClass` files per class (no files exist: nothing is opened). */
function index(numClasses: number, perClass: number): StreamDataset {
  const count = numClasses * perClass;
  const labels = Int32Array.from({ length: count }, (_, i) => i % numClasses);
  const paths = Array.from({ length: count }, (_, i) => `/nowhere/${i % numClasses}/${i}.jpg`);
  const test = { paths: ['/nowhere/t.jpg'], labels: Int32Array.from([0]), count: 1 };
  return { name: 'test', numClasses, classNames: [], train: { paths, labels, count }, test, trainCounts: new Array(numClasses).fill(perClass), source: '' };
}

describe('longTailedStream', () => {
  it("keeps the paper's counts (CIFAR-10 shape at IF 100) and exactly the samples makeLongTailed keeps", () => {
    const ds = index(10, 5000);
    const lt = longTailedStream(ds, { imbalanceFactor: 100, seed: 1 });
    expect(lt.trainCounts).toEqual([5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50]);
    expect(lt.train.count).toBe(12406);
    const inMemory = makeLongTailed({ x: new Uint8Array(50000), labels: ds.train.labels, count: 50000 }, 10, { imbalanceFactor: 100, seed: 1, sampleSize: 1 });
    expect(lt.indices).toEqual(inMemory.indices);
    lt.train.paths.forEach((p, k) => {
      const i = lt.indices[k]!;
      expect(p).toBe(ds.train.paths[i]);
      expect(lt.train.labels[k]).toBe(i % 10);
    });
    expect(lt.test).toBe(ds.test);
  });

  it('scales to thousands of classes (iNaturalist-sized index) and honours maxCount', () => {
    const ds = index(5000, 20);
    const lt = longTailedStream(ds, { imbalanceFactor: 20, seed: 2, maxCount: 20 });
    expect(lt.trainCounts[0]).toBe(20);
    expect(lt.trainCounts[4999]).toBe(1);
    expect(lt.train.count).toBe(lt.trainCounts.reduce((a, b) => a + b, 0));
    expect(() => longTailedStream(ds, { imbalanceFactor: 2, seed: 1, maxCount: 21 })).toThrow(
      'longTailedStream: class 0 must have at least 21 samples for maxCount 21 and imbalanceFactor 2; got 20.',
    );
  });
});
