import * as tf from '@tensorflow/tfjs-core';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRunOptions } from '../../src/run/resolveRunOptions.js';
import { loadRunModel } from '../../src/run/loadRunModel.js';
import { runExperiment } from '../../src/run/runExperiment.js';
import { createRng } from '../../src/util/rng.js';

let root: string;
const CLASSES = ['red', 'green', 'blue'];

/** Writes an image folder of `size`×`size` RGB PNGs under `root/folder`: class c is brighter in channel c. */
async function writeFolder(folder: string, size: number, train: number, test: number): Promise<void> {
  const rng = createRng(2);
  for (const [split, perClass] of [['train', train], ['test', test]] as const) {
    for (const [label, name] of CLASSES.entries()) {
      const dir = join(root, folder, split, name);
      await mkdir(dir, { recursive: true });
      for (let i = 0; i < perClass; i++) {
        const png = new PNG({ width: size, height: size });
        for (let p = 0; p < size * size; p++) {
          for (let c = 0; c < 3; c++) png.data[4 * p + c] = Math.min(255, rng.int(100) + (c === label ? 130 : 0));
          png.data[4 * p + 3] = 255;
        }
        await writeFile(join(dir, `${i}.png`), PNG.sync.write(png));
      }
    }
  }
}

/** 8x8 images (train: 20 per class, test: 6), and CIFAR-sized 32x32 ones (train: 4 per class, test: 2). */
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'cbloss-run-img-'));
  await writeFolder('pngs', 8, 20, 6);
  await writeFolder('pngs32', 32, 4, 2);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('runExperiment on images', () => {
  // The mlp (which flattens images) keeps this fast: tfjs's cpu backend takes seconds per conv backward pass.
  it('trains with augmentation on a long-tailed image folder and saves a loadable model', async () => {
    const before = tf.memory().numTensors;
    const out = join(root, 'run');
    const results = await runExperiment(
      resolveRunOptions({
        data: { dataset: `folder:${join(root, 'pngs')}`, augment: true, imbalanceFactor: 2 },
        model: { name: 'mlp' },
        loss: { method: 'softmax', beta: 0.99 },
        optimiser: { epochs: 3, batchSize: 16, warmupEpochs: 1 },
        compute: { backend: 'cpu' },
        output: { out },
      }),
      { log: () => undefined, progressBar: false },
    );
    expect(results.dataset.classNames).toEqual(['blue', 'green', 'red']); // sorted directory names
    expect(results.samplesPerClass).toEqual([20, 14, 10]); // 20 · 2^(-i/2), rounded
    expect(results.options).toMatchObject({ data: { augment: true }, model: { name: 'mlp' } });
    expect(results.history).toHaveLength(3);
    expect(results.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    expect(results.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(18);
    expect(tf.memory().numTensors).toBe(before);
    const loaded = await loadRunModel(out);
    expect(loaded.sampleShape).toEqual([8, 8, 3]);
    expect(loaded.normalization.mean).toHaveLength(3);
    const logits = tf.tidy(() => loaded.model.predict(tf.zeros([2, 8, 8, 3])) as tf.Tensor);
    expect(logits.shape).toEqual([2, 3]);
    tf.dispose([logits]);
    loaded.model.dispose();
  });

  it('turns augmentation on by default for a folder of RGB images of 32 px (as CIFAR), off for smaller ones', async () => {
    const quiet = { log: () => undefined, progressBar: false };
    const run = (folder: string) =>
      runExperiment(
        resolveRunOptions({
          data: { dataset: `folder:${join(root, folder)}`, imbalanceFactor: 1 },
          model: { name: 'mlp' },
          optimiser: { epochs: 1, batchSize: 8, warmupEpochs: 0 },
          compute: { backend: 'cpu' },
          output: { out: join(root, `run-${folder}`) },
        }),
        quiet,
      );
    expect((await run('pngs32')).options.data.augment).toBe(true);
    expect((await run('pngs')).options.data.augment).toBe(false);
  });
});
