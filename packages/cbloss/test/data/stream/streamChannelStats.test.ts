import { describe, expect, it } from 'vitest';
import { streamChannelStats } from '../../../src/data/stream/streamChannelStats.js';
import type { StreamSplit } from '../../../src/data/stream/StreamDataset.js';
import { pngBytes, solid } from '../imageFiles.js';
import { put, tempDir } from '../tempDir.js';

describe('streamChannelStats', () => {
  it('pools every pixel of the sampled images: mean and population std per channel (float64 reference by hand)', async () => {
    const dir = tempDir();
    // Lossless PNGs: 4x4 of (10, 100, 200) and 2x8 of (30, 100, 0): 16 + 16 pixels.
    const paths = [put(dir, 'a.png', pngBytes(4, 4, solid(4, 4, [10, 100, 200, 255]))), put(dir, 'b.png', pngBytes(2, 8, solid(2, 8, [30, 100, 0, 255])))];
    const split: StreamSplit = { paths, labels: Int32Array.from([0, 1]), count: 2 };
    for (const decoder of ['sharp', 'jpeg-js'] as const) {
      const { mean, std } = await streamChannelStats(split, { decoder });
      expect(mean).toEqual([20, 100, 100]);
      // R: half 10, half 30 → std 10; G constant → 0; B: half 200, half 0 → 100.
      expect(std[0]).toBeCloseTo(10, 12);
      expect(std[1]).toBe(0);
      expect(std[2]).toBeCloseTo(100, 12);
    }
    // One sample: one image, chosen by the seed.
    const one = await streamChannelStats(split, { samples: 1, seed: 3 });
    expect([[10, 100, 200], [30, 100, 0]]).toContainEqual(one.mean);
  });

  it('names a bad file and rejects bad options', async () => {
    const dir = tempDir();
    const bad = put(dir, 'bad.jpg', 'not an image');
    await expect(streamChannelStats({ paths: [bad], labels: Int32Array.from([0]), count: 1 })).rejects.toThrow(`'${bad}'`);
    await expect(streamChannelStats({ paths: [bad], labels: Int32Array.from([0]), count: 1 }, { samples: 0 })).rejects.toThrow(
      "streamChannelStats: 'samples' must be an integer ≥ 1; got 0.",
    );
  });
});
