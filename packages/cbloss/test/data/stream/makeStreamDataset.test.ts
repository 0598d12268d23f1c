import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/data/decodeImage.js';
import { decodeBatch } from '../../../src/data/stream/decodeBatch.js';
import { makeStreamDataset } from '../../../src/data/stream/makeStreamDataset.js';
import type { StreamSplit } from '../../../src/data/stream/StreamDataset.js';
import { resolveTransform } from '../../../src/data/stream/streamTransform.js';
import { openStreamDataset } from '../../../src/data/stream/openStreamDataset.js';
import { tempDir } from '../tempDir.js';

const meanRgb = (path: string): number[] => {
  const { rgba, width, height } = decodeImage(readFileSync(path), path);
  const sum = [0, 0, 0];
  for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) sum[c]! += rgba[4 * p + c]!;
  return sum.map((s) => s / (width * height));
};

describe('makeStreamDataset', () => {
  it('writes real JPEGs of class-dependent content, the same for the same seed', async () => {
    const dir = tempDir();
    const made = await makeStreamDataset(dir, { format: 'folder', numClasses: 3, maxCount: 2, testPerClass: 1, imageSize: [24, 32], seed: 4 });
    const ds = openStreamDataset(made.spec);
    const byClass = [0, 1, 2].map((c) => ds.train.paths.filter((_, i) => ds.train.labels[i] === c).map(meanRgb));
    for (const images of byClass) {
      for (const p of ds.train.paths) {
        const { width, height } = decodeImage(readFileSync(p), p);
        expect(width >= 24 && width <= 32 && height >= 24 && height <= 32).toBe(true);
      }
      expect(images.length).toBe(2);
    }
    // Same class: mean colours close (same hue, random phase and noise); classes 0 and 1: far apart.
    const dist = (a: number[], b: number[]): number => Math.hypot(...a.map((v, k) => v - b[k]!));
    const within = dist(byClass[0]![0]!, byClass[0]![1]!);
    const between = dist(byClass[0]![0]!, byClass[1]![0]!);
    expect(between).toBeGreaterThan(3 * within);
    const again = await makeStreamDataset(tempDir(), { format: 'folder', numClasses: 3, maxCount: 2, testPerClass: 1, imageSize: [24, 32], seed: 4 });
    expect(readFileSync(again.files[0]!)).toEqual(readFileSync(made.files[0]!));
  });

  it('writes thousands of classes with long-tailed counts (one image each at the tail)', async () => {
    const dir = tempDir();
    const made = await makeStreamDataset(dir, { format: 'inat', numClasses: 1000, maxCount: 2, imbalanceFactor: 2, testPerClass: 1, imageSize: [8, 8], quality: 50 });
    const ds = openStreamDataset(made.spec);
    expect(ds.numClasses).toBe(1000);
    expect(ds.trainCounts[0]).toBe(2);
    expect(ds.trainCounts[999]).toBe(1);
    expect(ds.test.count).toBe(1000);
  }, 600_000);

  it('is learnable through the stream: nearest class mean of preprocessed training crops beats chance 4× on the test split', async () => {
    const numClasses = 12;
    const made = await makeStreamDataset(tempDir(), { format: 'list', numClasses, maxCount: 4, testPerClass: 2, imageSize: [24, 40], seed: 7 });
    const ds = openStreamDataset(made.spec);
    const size = 12;
    const features = async (split: StreamSplit, mode: 'train' | 'eval'): Promise<Float32Array> => {
      const r = await decodeBatch({
        job: 0,
        epoch: 0,
        seed: 1,
        transform: resolveTransform({ mode, size }),
        skipBadImages: false,
        decoder: 'sharp',
        indices: split.paths.map((_, i) => i),
        paths: split.paths,
      });
      if (r.type !== 'done') throw new Error(r.message);
      return r.data;
    };
    const n = size * size * 3;
    const train = await features(ds.train, 'train');
    const centroids = Array.from({ length: numClasses }, () => new Float64Array(n));
    ds.train.labels.forEach((c, i) => {
      for (let k = 0; k < n; k++) centroids[c]![k]! += train[i * n + k]! / ds.trainCounts[c]!;
    });
    const test = await features(ds.test, 'eval');
    let correct = 0;
    ds.test.labels.forEach((c, i) => {
      const dist = centroids.map((m) => m.reduce((s, v, k) => s + (v - test[i * n + k]!) ** 2, 0));
      if (dist.indexOf(Math.min(...dist)) === c) correct++;
    });
    expect(correct / ds.test.count).toBeGreaterThan(4 / numClasses);
  });

  it('rejects bad options naming them', async () => {
    await expect(makeStreamDataset(tempDir(), { format: 'inat', numClasses: 2, maxCount: 2, imageSize: [4, 8] })).rejects.toThrow(
      "makeStreamDataset: 'imageSize' must be [min, max] integers with 8 ≤ min ≤ max; got [4, 8].",
    );
    await expect(makeStreamDataset(tempDir(), { format: 'tfrecord' as never, numClasses: 2, maxCount: 2 })).rejects.toThrow("'format' must be one of inat, list, ilsvrc, folder");
  });
});
