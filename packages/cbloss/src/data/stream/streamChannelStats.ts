import { readFileSync } from 'node:fs';
import { CblossError } from '../../CblossError.js';
import { createRng } from '../../util/rng.js';
import type { ChannelNormalization } from './cropResizeNormalize.js';
import { decodeImageFile, type ImageDecoder } from './decodeImageFile.js';
import type { StreamSplit } from './StreamDataset.js';

/** Options of {@link streamChannelStats}. */
export interface StreamChannelStatsOptions {
  /** Images to sample (without replacement; all of them when the split is smaller). Default 1000. */
  readonly samples?: number;
  readonly seed?: number;
  /** Default 'sharp'. */
  readonly decoder?: ImageDecoder;
}

/**
 * Per-channel mean and standard deviation of a streamed split's RGB values (0..255), over every pixel of a
 * seeded random sample of its images (whole images, before any crop), accumulated in float64 — the
 * "computed" alternative to `IMAGENET_NORMALIZATION`, to pass as a transform's `normalization`. Images are
 * decoded one at a time, so memory stays one image. A bad file is an error naming it.
 *
 * std = √(E[x²] − E[x]²) over the pooled pixels (population form).
 *
 * @example
 * const normalization = await streamChannelStats(ds.train, { samples: 2000, seed: 1 });
 * createDecodePool(ds.train, { transform: { mode: 'train', normalization }, batchSize: 64, seed: 1 });
 */
export async function streamChannelStats(split: StreamSplit, options: StreamChannelStatsOptions = {}): Promise<ChannelNormalization> {
  const fn = 'streamChannelStats';
  const { samples = 1000, seed = 0, decoder = 'sharp' } = options;
  if (!Number.isInteger(samples) || samples < 1) throw new CblossError('invalid-argument', `${fn}: 'samples' must be an integer ≥ 1; got ${samples}.`);
  if (split.count === 0) throw new CblossError('invalid-argument', `${fn}: 'split' must have at least one image; got none.`);
  const order = createRng(seed).fork('channel-stats').shuffle(Int32Array.from({ length: split.count }, (_, i) => i));
  const sum = [0, 0, 0];
  const sumSq = [0, 0, 0];
  let pixels = 0;
  for (const index of order.subarray(0, Math.min(samples, split.count))) {
    const path = split.paths[index] as string;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new CblossError('not-found', `${fn}: file '${path}' must exist and be readable; got no such file.`);
    }
    const { rgba, width, height } = await decodeImageFile(bytes, path, decoder);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) {
        const v = rgba[4 * p + c] as number;
        sum[c] = (sum[c] as number) + v;
        sumSq[c] = (sumSq[c] as number) + v * v;
      }
    }
    pixels += width * height;
  }
  const mean = sum.map((s) => s / pixels);
  // max(0, ·): E[x²] − E[x]² can round to a tiny negative number for a constant channel.
  const std = sumSq.map((s, c) => Math.sqrt(Math.max(0, s / pixels - (mean[c] as number) ** 2)));
  return { mean, std };
}
