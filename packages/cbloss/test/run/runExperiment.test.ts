import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/loadDataset.js';
import { predictClasses } from '../../src/eval/evaluate.js';
import { normalizeBatch } from '../../src/eval/normalization.js';
import { resolveRunOptions } from '../../src/run/resolveRunOptions.js';
import { loadRunModel } from '../../src/run/loadRunModel.js';
import { runExperiment } from '../../src/run/runExperiment.js';
import { cblossVersion } from '../../src/run/version.js';
import { TrainingInterruptedError } from '../../src/train/TrainingInterruptedError.js';
import type { RunOptions, RunOptionsInput, RunResults } from '../../src/types.js';
import { createRng } from '../../src/util/rng.js';
import { CblossError } from '../../src/CblossError.js';

let root: string;
let csv: string;

/** 3 Gaussian blobs in 4-D, 60 rows each: a tiny tabular problem (train 48/class, test 12/class after loadCsv's split). */
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'cbloss-run-'));
  csv = join(root, 'blobs.csv');
  const rng = createRng(5);
  const rows = ['f1,f2,f3,f4,label'];
  for (let i = 0; i < 180; i++) {
    const label = i % 3;
    const features = [0, 1, 2, 3].map((f) => (f === label ? 2 : 0) + rng.normal());
    rows.push(`${features.map((v) => v.toFixed(4)).join(',')},${['cat', 'dog', 'eel'][label]}`);
  }
  await writeFile(csv, `${rows.join('\n')}\n`);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The run of these tests, with `extra` merged group by group. */
function options(out: string, extra: Omit<RunOptionsInput, 'output'> & { output?: Partial<RunOptions['output']> } = {}): RunOptions {
  return resolveRunOptions({
    ...extra,
    data: { dataset: `csv:${csv}`, imbalanceFactor: 4, ...extra.data },
    loss: { method: 'focal', beta: 0.9, parameters: { gamma: 1 }, ...extra.loss },
    optimiser: { epochs: 4, batchSize: 16, warmupEpochs: 1, ...extra.optimiser },
    compute: { backend: 'cpu', ...extra.compute },
    seed: extra.seed ?? 3,
    output: { out: join(root, out), ...extra.output },
  });
}

const quiet = { log: (): void => undefined, progressBar: false };

/** Everything of a result that must not depend on timing or interruptions. */
function outcome(r: RunResults): unknown {
  return {
    top1Error: r.top1Error,
    perClassAccuracy: r.perClassAccuracy,
    confusionMatrix: r.confusionMatrix,
    history: r.history.map((h) => [h.epoch, h.loss, h.trainAccuracy, h.learningRate, h.testError]),
  };
}

describe('runExperiment', () => {
  let first: RunResults;

  it('runs end to end on a tiny CSV dataset and writes a complete results.json, subset.json and model', async () => {
    const before = tf.memory().numTensors;
    first = await runExperiment(options('a'), quiet);
    const dir = join(root, 'a');
    expect((await readdir(dir)).sort()).toEqual(['checkpoint', 'model', 'results.json', 'subset.json']);
    const saved = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunResults;
    expect(saved).toEqual(JSON.parse(JSON.stringify(first)));
    const fields = ['version', 'backend', 'options', 'dataset', 'samplesPerClass', 'testSamplesPerClass', 'effectiveNumbers',
      'classWeights', 'top1Error', 'perClassAccuracy', 'shotAccuracy', 'confusionMatrix', 'history', 'imagesPerSecond',
      'trainSeconds', 'startedAt', 'finishedAt'];
    for (const field of fields) expect(saved, field).toHaveProperty(field);
    expect(saved.version).toBe(cblossVersion());
    expect(saved.backend).toBe('cpu');
    expect(saved.options).toMatchObject({ model: { name: 'mlp' }, data: { augment: false }, loss: { method: 'focal', beta: 0.9, parameters: { gamma: 1 } }, optimiser: { epochs: 4 }, seed: 3 });
    expect(saved.dataset.classNames).toEqual(['cat', 'dog', 'eel']);
    expect(saved.samplesPerClass).toEqual([48, 24, 12]); // 48 · 4^(-i/2)
    expect(saved.testSamplesPerClass).toEqual([12, 12, 12]);
    // E_n = (1 - 0.9^n) / 0.1; weights ∝ 1/E_n, summing to C = 3.
    saved.samplesPerClass.forEach((n, i) => expect(saved.effectiveNumbers[i]).toBeCloseTo((1 - 0.9 ** n) / 0.1, 10));
    expect(saved.classWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 10);
    expect(saved.history).toHaveLength(4);
    expect(saved.history.every((h) => h.testError !== undefined)).toBe(true);
    expect(saved.history.at(-1)!.testError).toBe(saved.top1Error);
    expect(saved.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(36);
    expect(saved.top1Error).toBeLessThan(50); // chance is 66.7%
    expect(Date.parse(saved.finishedAt)).toBeGreaterThanOrEqual(Date.parse(saved.startedAt));
    const subset = JSON.parse(await readFile(join(dir, 'subset.json'), 'utf8')) as { indices: number[]; samplesPerClass: number[] };
    expect(subset.indices).toHaveLength(84);
    expect(subset.samplesPerClass).toEqual([48, 24, 12]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves a model that loads back and reproduces the test error', async () => {
    const { model, sampleShape, normalization, results } = await loadRunModel(join(root, 'a'));
    const dataset = await loadDataset(`csv:${csv}`, { seed: 3 });
    const predicted = predictClasses(model, dataset.test.x, dataset.test.count, sampleShape, (b) => normalizeBatch(b, normalization));
    const wrong = predicted.filter((p, i) => p !== dataset.test.labels[i]).length;
    expect((100 * wrong) / dataset.test.count).toBeCloseTo(first.top1Error, 10);
    expect(results?.top1Error).toBe(first.top1Error);
    model.dispose();
  });

  it('is deterministic given the seed', async () => {
    const again = await runExperiment(options('b'), quiet);
    expect(outcome(again)).toEqual(outcome(first));
    const otherSeed = await runExperiment(options('c', { seed: 4 }), quiet);
    expect(outcome(otherSeed)).not.toEqual(outcome(first));
  });

  it('stops on abort with a resume hint, and resuming ends at the same result as an uninterrupted run', async () => {
    const controller = new AbortController();
    const out = join(root, 'd');
    const log = (line: string): void => {
      if (line.startsWith('epoch 2/4')) controller.abort();
    };
    const error = await runExperiment(options('d'), { log, signal: controller.signal, progressBar: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingInterruptedError);
    expect((error as Error).message).toBe(
      `training interrupted after 2 epoch(s); checkpoint saved in ${join(out, 'checkpoint')}. Resume with: cbloss train --out ${out} --resume`,
    );
    expect(await readdir(out)).not.toContain('results.json');
    // Without --resume the unfinished run is protected.
    await expect(runExperiment(options('d'), quiet)).rejects.toMatchObject({ code: 'invalid-argument' });
    // --resume with default options (backend 'auto' included): the saved ones win.
    const resumed = await runExperiment(resolveRunOptions({ output: { out, resume: true } }), quiet);
    expect(outcome(resumed)).toEqual(outcome(first));
    const started = options('d');
    expect(resumed.options).toMatchObject({ ...started, data: { ...started.data, augment: false }, model: { name: 'mlp' }, output: { out, resume: true } });
  });

  it('trains with a class-balanced sampler and deferred re-weighting, and records both', async () => {
    const results = await runExperiment(options('s', { data: { sampler: 'class-balanced' }, loss: { drwEpoch: 2 } }), quiet);
    expect(results.options.data.sampler).toBe('class-balanced');
    expect(results.options.loss.drwEpoch).toBe(2);
    expect(results.history).toHaveLength(4);
    expect(results.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    expect(outcome(results)).not.toEqual(outcome(first));
    // the class weights recorded are the class-balanced ones (in force from epoch 3 on)
    expect(results.classWeights).toEqual(first.classWeights);
  });

  it('τ-normalises the trained classifier and adjusts predictions post hoc when asked', async () => {
    const results = await runExperiment(options('t', { model: { tauNorm: 1 }, loss: { posthocTau: 1 } }), quiet);
    expect(results.options.model.tauNorm).toBe(1);
    expect(results.options.loss.posthocTau).toBe(1);
    const { model } = await loadRunModel(join(root, 't'));
    const kernel = model.getLayer('logits').getWeights()[0] as tf.Tensor;
    Array.from(tf.norm(kernel, 2, 0).dataSync()).forEach((n) => expect(n).toBeCloseTo(1, 5));
    model.dispose();
    // the adjustment −log π favours the rare classes: the rarest class is predicted at least as often as without it
    const predictedRare = (r: RunResults): number => r.confusionMatrix.reduce((sum, row) => sum + (row[2] ?? 0), 0);
    const plain = await runExperiment(options('t0', { model: { tauNorm: 1 } }), quiet);
    expect(predictedRare(results)).toBeGreaterThanOrEqual(predictedRare(plain));
  });

  it('re-trains the classifier on frozen features with class-balanced sampling (cRT) when asked', async () => {
    const results = await runExperiment(options('crt', { model: { crtEpochs: 2 } }), quiet);
    expect(results.options.model.crtEpochs).toBe(2);
    expect(results.history).toHaveLength(4); // the representation's epochs; cRT logs its own
    const { model } = await loadRunModel(join(root, 'crt'));
    const { model: before } = await loadRunModel(join(root, 'a'));
    // same representation (same seed and recipe), another classifier
    expect(Array.from(model.getLayer('dense1').getWeights()[0]!.dataSync())).toEqual(Array.from(before.getLayer('dense1').getWeights()[0]!.dataSync()));
    expect(Array.from(model.getLayer('logits').getWeights()[0]!.dataSync())).not.toEqual(Array.from(before.getLayer('logits').getWeights()[0]!.dataSync()));
    model.dispose();
    before.dispose();
    expect(results.top1Error).toBeLessThan(66.7); // chance
  });

  it('holds out a stratified validation split, trains without it and reports its error', async () => {
    const results = await runExperiment(options('v', { data: { validationFraction: 0.25 } }), quiet);
    expect(results.validationError).toBeDefined();
    expect(results.history.at(-1)!.testError).toBe(results.validationError);
    const trained = results.samplesPerClass.reduce((a, b) => a + b, 0);
    expect(trained).toBeLessThan(84);
    expect(trained).toBeGreaterThanOrEqual(60);
    expect(results.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(36); // still the whole test set
  });

  it('reports a missing checkpoint on resume, and bad options', async () => {
    await expect(runExperiment(options('e', { output: { resume: true } }), quiet)).rejects.toMatchObject({ code: 'not-found' });
    const bad = options('f');
    await expect(runExperiment({ ...bad, optimiser: { ...bad.optimiser, epochs: 0 } }, quiet)).rejects.toThrow(
      "runExperiment: 'optimiser.epochs' must be a positive integer; got 0.",
    );
    await expect(runExperiment(options('g', { data: { augment: true } }), quiet)).rejects.toThrow(
      `runExperiment: 'data.augment' must be false for 'csv:${csv}' (augmentation needs images; its samples are [4]); got true.`,
    );
    await expect(runExperiment(options('g', { data: { augment: true } }), quiet)).rejects.toBeInstanceOf(CblossError);
  });
});
