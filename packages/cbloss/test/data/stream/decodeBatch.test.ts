import { describe, expect, it } from 'vitest';
import { decodeBatch, type DecodeDone, type DecodeJob } from '../../../src/data/stream/decodeBatch.js';
import { IMAGE_DECODERS } from '../../../src/data/stream/decodeImageFile.js';
import { resolveTransform } from '../../../src/data/stream/streamTransform.js';
import { tempDir } from '../tempDir.js';
import { badFiles, jpegSplit, sampleJpegs } from './jpegFixtures.js';

const jpegs = sampleJpegs(2);

function job(paths: readonly string[], overrides: Partial<DecodeJob> = {}): DecodeJob {
  return {
    job: 0,
    epoch: 0,
    seed: 1,
    transform: resolveTransform({ mode: 'train', size: 8 }),
    skipBadImages: false,
    decoder: 'sharp',
    indices: paths.map((_, i) => i),
    paths,
    ...overrides,
  };
}

const done = (r: Awaited<ReturnType<typeof decodeBatch>>): DecodeDone => {
  if (r.type !== 'done') throw new Error(r.message);
  return r;
};

describe('decodeBatch', async () => {
  it('is deterministic per (seed, epoch, index): same inputs, same floats; another epoch or index, another crop', async () => {
    const split = jpegSplit(tempDir(), 2, [jpegs[0]!]); // the same image twice
    const a = done(await decodeBatch(job(split.paths)));
    const b = done(await decodeBatch(job(split.paths)));
    expect(a.data).toEqual(b.data);
    expect(Array.from(a.kept)).toEqual([0, 1]);
    const n = 8 * 8 * 3;
    expect(a.data.subarray(0, n)).not.toEqual(a.data.subarray(n)); // same file, different index: different augmentation
    const epoch1 = done(await decodeBatch(job(split.paths, { epoch: 1 })));
    expect(epoch1.data).not.toEqual(a.data);
    // The sample's stream does not depend on its position in the batch: index 1 alone gives the same floats.
    const alone = done(await decodeBatch(job([split.paths[1]!], { indices: [1] })));
    expect(alone.data).toEqual(a.data.subarray(n));
  });

  it("'eval' mode has no randomness and every value is a normalised pixel (finite, within the ImageNet range)", async () => {
    const split = jpegSplit(tempDir(), 1, jpegs);
    const evalJob = (seed: number, epoch: number): DecodeJob => job(split.paths, { seed, epoch, transform: resolveTransform({ mode: 'eval', size: 8 }) });
    const a = done(await decodeBatch(evalJob(1, 0)));
    expect(done(await decodeBatch(evalJob(7, 3))).data).toEqual(a.data);
    const lo = (0 - 0.485 * 255) / (0.229 * 255);
    const hi = (255 - 0.406 * 255) / (0.225 * 255);
    a.data.forEach((v) => expect(v >= lo - 1e-6 && v <= hi + 1e-6).toBe(true));
  });

  const cases = (['missing', 'truncated', 'corrupt', 'text'] as const).flatMap((kind) => IMAGE_DECODERS.map((decoder) => [kind, decoder] as const));
  it.each(cases)('a %s file (%s) fails the batch with an error naming it, or is skipped and listed', async (kind, decoder) => {
    const dir = tempDir();
    const good = jpegSplit(dir, 2, jpegs).paths;
    const bad = badFiles(dir, jpegs[0]!)[kind];
    const paths = [good[0]!, bad, good[1]!];
    const failed = await decodeBatch(job(paths, { decoder }));
    expect(failed.type).toBe('failed');
    if (failed.type === 'failed') {
      expect(failed.message).toContain(`'${bad}'`);
      expect(failed.code).toBe(kind === 'missing' ? 'not-found' : 'invalid-file');
    }
    const skipped = done(await decodeBatch(job(paths, { skipBadImages: true, decoder })));
    expect(Array.from(skipped.kept)).toEqual([0, 2]);
    expect(skipped.skipped.map((s) => s.path)).toEqual([bad]);
    // The kept samples are packed: sample 2 sits where a batch of the good files alone puts it.
    const goodOnly = done(await decodeBatch(job([good[0]!, good[1]!], { indices: [0, 2], decoder })));
    expect(skipped.data.subarray(0, 2 * 8 * 8 * 3)).toEqual(goodOnly.data);
  });

  it('sharp and jpeg-js decode the same JPEG within a few levels (eval crop, raw values)', async () => {
    const split = jpegSplit(tempDir(), 3, jpegs);
    const transform = resolveTransform({ mode: 'eval', size: 16, cropPadding: 0, normalization: { mean: [0, 0, 0], std: [1, 1, 1] } });
    const a = done(await decodeBatch(job(split.paths, { transform, decoder: 'sharp' })));
    const b = done(await decodeBatch(job(split.paths, { transform, decoder: 'jpeg-js' })));
    let sum = 0;
    a.data.forEach((v, i) => (sum += Math.abs(v - b.data[i]!)));
    expect(sum / a.data.length).toBeLessThan(2);
    expect(a.data).not.toEqual(new Float32Array(a.data.length));
  });
});
