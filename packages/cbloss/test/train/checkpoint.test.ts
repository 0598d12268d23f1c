import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, type Checkpoint } from '../../src/train/checkpoint.js';
import { CblossError } from '../../src/CblossError.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbloss-ckpt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sample(epoch: number, batch = 0): Checkpoint {
  return {
    config: { epochs: 4, batchSize: 8, trainCount: 30, seed: 1, learningRate: 0.1, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 5, augment: false },
    progress: {
      epoch,
      batch,
      partial: { lossSum: 1.5, correct: 3, seen: 8, seconds: 0.25 },
      history: [{ epoch: 1, loss: 2.25, trainAccuracy: 12.5, learningRate: 0.05, seconds: 1, imagesPerSecond: 30 }],
      rngState: 123456789,
      trainSeconds: 1.25,
      samplesSeen: 38,
    },
    modelWeights: [
      { name: 'dense/kernel', shape: [2, 3], values: Float32Array.from([1, -2, 3.5, 1e-30, -0, Math.PI]) },
      { name: 'dense/bias', shape: [3], values: Float32Array.from([0.1, 0.2, 0.3]) },
    ],
    optimizerState: [{ name: 'dense/kernel', shape: [2, 3], values: Float32Array.from([6, 5, 4, 3, 2, 1]) }],
    meta: { options: { dataset: 'synthetic' } },
  };
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips every value bit for bit', async () => {
    const original = sample(1, 2);
    await saveCheckpoint(dir, original);
    expect(await hasCheckpoint(dir)).toBe(true);
    const back = await loadCheckpoint(dir);
    expect(back.config).toEqual(original.config);
    expect(back.progress).toEqual(original.progress);
    expect(back.meta).toEqual(original.meta);
    expect(back.modelWeights.map((w) => [w.name, w.shape, Array.from(w.values)])).toEqual(
      original.modelWeights.map((w) => [w.name, w.shape, Array.from(w.values)]),
    );
    expect(Array.from(back.optimizerState[0]!.values)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('keeps only the newest weights file; the manifest names it', async () => {
    await saveCheckpoint(dir, sample(1));
    await saveCheckpoint(dir, sample(2));
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'weights-000002-000000.bin']);
    const manifest = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as { weightsFile: string };
    expect(manifest.weightsFile).toBe('weights-000002-000000.bin');
  });

  it('removes temporary files left by a killed writer', async () => {
    await writeFile(join(dir, '.weights-000001-000000.bin.tmp-99999999-deadbeef'), 'partial');
    await saveCheckpoint(dir, sample(1));
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'weights-000001-000000.bin']);
  });

  it('reports a missing checkpoint as not-found', async () => {
    expect(await hasCheckpoint(dir)).toBe(false);
    await expect(loadCheckpoint(dir)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('reports a truncated weights file as invalid-file, naming it', async () => {
    await saveCheckpoint(dir, sample(1));
    const weights = join(dir, 'weights-000001-000000.bin');
    await truncate(weights, 10);
    const error = await loadCheckpoint(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CblossError);
    expect(error).toMatchObject({ code: 'invalid-file' });
    expect((error as Error).message).toBe(`loadCheckpoint: '${weights}' must have 60 bytes; got 10.`);
  });

  it('reports a foreign or corrupt manifest as invalid-file', async () => {
    await writeFile(join(dir, 'checkpoint.json'), '{"format":"something-else"}');
    await expect(loadCheckpoint(dir)).rejects.toMatchObject({ code: 'invalid-file' });
    await writeFile(join(dir, 'checkpoint.json'), '{"format":');
    await expect(loadCheckpoint(dir)).rejects.toThrow(/must be valid JSON/);
  });

  it('records the sha256 of the weights file in the manifest', async () => {
    await saveCheckpoint(dir, sample(1));
    const manifest = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as { formatVersion: number; sha256: Record<string, string> };
    const bytes = await readFile(join(dir, 'weights-000001-000000.bin'));
    expect(manifest.formatVersion).toBe(2);
    expect(manifest.sha256).toEqual({ 'weights-000001-000000.bin': createHash('sha256').update(bytes).digest('hex') });
  });

  it.each([
    ['overwritten with zeros', (bytes: Buffer) => bytes.fill(0)],
    ['with NaN bytes', (bytes: Buffer) => bytes.writeFloatLE(Number.NaN, 4)],
    ['with one bit flipped', (bytes: Buffer) => void (bytes[59] = bytes[59]! ^ 1)],
  ])('a weights file %s (same length) is refused, naming it', async (_what, damage) => {
    await saveCheckpoint(dir, sample(1));
    const weights = join(dir, 'weights-000001-000000.bin');
    const bytes = await readFile(weights);
    damage(bytes);
    await writeFile(weights, bytes);
    const error = await loadCheckpoint(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-file' });
    expect((error as Error).message).toMatch(
      new RegExp(`^loadCheckpoint: '${weights}' must have the sha256 recorded in .*checkpoint\\.json \\([0-9a-f]{12}…\\); got [0-9a-f]{12}…: the file was damaged or overwritten; restore it, or start the run again with --overwrite\\.$`),
    );
  });

  it.each(['progress', 'config', 'progress.history', 'config.epochs', 'tensors', 'sha256'])('a manifest without %s is one clear line, not a TypeError', async (field) => {
    await saveCheckpoint(dir, sample(1));
    const path = join(dir, 'checkpoint.json');
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, Record<string, unknown>>;
    const [top, inner] = field.split('.') as [string, string | undefined];
    if (inner === undefined) delete manifest[top];
    else delete manifest[top]![inner];
    await writeFile(path, JSON.stringify(manifest));
    const error = await loadCheckpoint(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CblossError);
    expect((error as Error).message).toMatch(new RegExp(`^loadCheckpoint: '${path}' must have '${field === 'sha256' ? 'sha256' : field}.*; got nothing\\.$`));
  });

  it('still loads a v1 checkpoint (written before checksums), without verifying it', async () => {
    await saveCheckpoint(dir, sample(2));
    const path = join(dir, 'checkpoint.json');
    const { sha256: _sha256, ...rest } = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...rest, formatVersion: 1 }));
    const loaded = await loadCheckpoint(dir);
    expect(loaded.progress.epoch).toBe(2);
    expect(Array.from(loaded.modelWeights[0]!.values)).toEqual(Array.from(sample(2).modelWeights[0]!.values));
  });
});
