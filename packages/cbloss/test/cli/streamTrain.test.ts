import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRunDirectory } from '../../src/cli/evaluateRunDirectory.js';
import { makeStreamDataset } from '../../src/data/stream/makeStreamDataset.js';
import { STREAM_FORMATS } from '../../src/data/stream/streamSpec.js';
import { resolveRunOptions } from '../../src/run/resolveRunOptions.js';
import { runExperiment } from '../../src/run/runExperiment.js';
import { TrainingInterruptedError } from '../../src/train/TrainingInterruptedError.js';
import type { RunResults } from '../../src/types.js';
import { tempDir } from '../data/tempDir.js';
import { isOneLine, runCli } from './runCli.js';

// The decode workers run the built dist/data/stream/decodeWorker.js (`npm test` builds first). Tiny images and the mlp on
// the cpu backend keep each run to a second or two.

/** The registry spec of a generated dataset: the streamed `folder` layout is `folder-stream:` (`folder:` loads into memory). */
const registrySpec = (spec: string): string => spec.replace(/^folder:/, 'folder-stream:');
const tiny = ['--model', 'mlp', '--image-size', '16', '--epochs', '1', '--batch-size', '8', '--backend', 'cpu', '--workers', '1', '--no-report'];

describe('cbloss train on streamed datasets, end to end through the CLI', () => {
  for (const format of STREAM_FORMATS) {
    it(`trains on ${format === 'folder' ? 'folder-stream' : format}: files, counts from the index, top-1/top-5 and per-class on the held-out split`, async () => {
      const root = tempDir();
      const made = await makeStreamDataset(root, { format, numClasses: 6, maxCount: 8, imbalanceFactor: 4, testPerClass: 2, imageSize: [18, 26], seed: 2 });
      const out = join(tempDir(), 'run');
      const { code, stdout, stderr } = await runCli(['train', '--dataset', registrySpec(made.spec), ...tiny, '--imbalance-factor', '1', '--loss', 'focal', '--beta', '0.999', '--gamma', '0.5', '--out', out]);
      expect(stderr).not.toMatch(/unexpected error/);
      expect(code).toBe(0);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
      expect(results.samplesPerClass).toEqual(made.trainCounts);
      expect(results.testSamplesPerClass).toEqual([2, 2, 2, 2, 2, 2]);
      expect(results.options.data).toMatchObject({ imageSize: 16, augment: true });
      expect(results.options.model.name).toBe('mlp');
      expect(results.top5Error).toBeLessThanOrEqual(results.top1Error);
      expect(results.perClassAccuracy).toHaveLength(6);
      expect(results.history).toHaveLength(1);
      expect(results.dataset.classNames).toEqual(made.classNames);
      expect(stderr).toMatch(/decoding ahead holds at most \d+\.\d MB/);
      expect(stderr).toContain('top-5 error');
      expect(stdout).toContain(results.top1Error.toFixed(2));
      if (format === 'inat') {
        // cbloss eval reloads the model and streams the held-out split again: the same top-1 and top-5.
        const again = await runCli(['eval', out, '--backend', 'cpu']);
        expect(again.code).toBe(0);
        expect(again.stdout).toContain(results.top1Error.toFixed(2));
        expect(again.stderr).toContain('streamed');
        const reevaluated = await evaluateRunDirectory(out, { backend: 'cpu', log: () => undefined });
        expect([reevaluated.top1Error, reevaluated.top5Error, reevaluated.perClassAccuracy]).toEqual([results.top1Error, results.top5Error, results.perClassAccuracy]);
      }
    });
  }

  it('takes a long-tailed subset of the index (--imbalance-factor), as in memory', async () => {
    const made = await makeStreamDataset(tempDir(), { format: 'list', numClasses: 4, maxCount: 10, testPerClass: 1, imageSize: [18, 22], seed: 3 });
    const out = join(tempDir(), 'run');
    const { code } = await runCli(['train', '--dataset', made.spec, ...tiny, '--imbalance-factor', '10', '--out', out]);
    expect(code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(results.samplesPerClass).toEqual([10, 4, 2, 1]); // floor(10 · 0.1^(i/3))
    const subset = JSON.parse(readFileSync(join(out, 'subset.json'), 'utf8')) as { indices: number[] };
    expect(subset.indices).toHaveLength(17);
  });

  it('refuses --crt-epochs and --tau-norm, which run on in-memory datasets only, instead of leaving them out', async () => {
    const made = await makeStreamDataset(tempDir(), { format: 'list', numClasses: 3, maxCount: 4, testPerClass: 1, imageSize: [18, 22], seed: 5 });
    for (const [flag, value] of [['--crt-epochs', '1'], ['--tau-norm', '1']] as const) {
      const out = join(tempDir(), 'run');
      const { code, stderr } = await runCli(['train', '--dataset', made.spec, ...tiny, '--imbalance-factor', '1', flag, value, '--out', out]);
      expect(code).toBe(2); // a usage error, as every bad option
      expect(stderr).toBe(`cbloss: train: '${flag}' must be left out for a dataset streamed from disk (classifier re-training and τ-normalisation run on in-memory datasets); got ${value}.\n`);
    }
  });

  it("compare on a streamed dataset: '--methods crt' is refused before anything runs", async () => {
    const made = await makeStreamDataset(tempDir(), { format: 'list', numClasses: 3, maxCount: 4, testPerClass: 1, imageSize: [18, 22], seed: 5 });
    const out = join(tempDir(), 'cmp');
    const { code, stderr } = await runCli(['compare', '--dataset', made.spec, '--methods', 'softmax,crt', ...tiny.filter((f) => f !== '--no-report'), '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toBe("cbloss: compare: '--methods' must leave out crt for a dataset streamed from disk (cRT re-trains on an in-memory training set); got 'softmax,crt'.\n");
  });

  it('a bad image file: a one-line error naming it, or with --skip-bad-images skipped and counted', async () => {
    const made = await makeStreamDataset(tempDir(), { format: 'inat', numClasses: 3, maxCount: 6, testPerClass: 1, imageSize: [18, 22], seed: 4 });
    const broken = made.files[2]!;
    writeFileSync(broken, readFileSync(broken).subarray(0, 40)); // truncated JPEG
    const failed = await runCli(['train', '--dataset', made.spec, ...tiny, '--imbalance-factor', '1', '--out', join(tempDir(), 'a')]);
    expect(failed.code).not.toBe(0);
    expect(isOneLine(failed.stderr.split('\n').filter((l) => l.startsWith('cbloss:')).join('\n') + '\n')).toBe(true);
    expect(failed.stderr).toContain(broken);
    const out = join(tempDir(), 'b');
    const skipped = await runCli(['train', '--dataset', made.spec, ...tiny, '--imbalance-factor', '1', '--skip-bad-images', '--out', out]);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain(`skipped 1 unreadable image file(s), e.g. '${broken}'`);
    expect((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults).skippedImages).toBe(1);
  });

  it('resumes an interrupted streamed run to the same results as an uninterrupted one', async () => {
    const made = await makeStreamDataset(tempDir(), { format: 'ilsvrc', numClasses: 3, maxCount: 10, imbalanceFactor: 2, testPerClass: 2, imageSize: [18, 22], seed: 5 });
    const base = { data: { dataset: made.spec, imbalanceFactor: 1, imageSize: 16 }, model: { name: 'mlp' as const }, optimiser: { epochs: 2, batchSize: 8, accumulate: 2 }, compute: { backend: 'cpu' as const, workers: 1 } };
    const quiet = { log: () => undefined, progressBar: false };
    const full = await runExperiment(resolveRunOptions({ ...base, output: { out: join(tempDir(), 'full') } }), quiet);
    const out = join(tempDir(), 'parts');
    const controller = new AbortController();
    await expect(
      runExperiment(resolveRunOptions({ ...base, output: { out } }), { ...quiet, signal: controller.signal, onEpoch: (p) => void (p.history.length === 1 && controller.abort()) }),
    ).rejects.toBeInstanceOf(TrainingInterruptedError);
    const resumed = await runExperiment(resolveRunOptions({ ...base, output: { out, resume: true } }), quiet);
    const numbers = (r: RunResults): unknown => [r.top1Error, r.top5Error, r.perClassAccuracy, r.history.map((h) => [h.loss, h.trainAccuracy, h.learningRate, h.testError])];
    expect(numbers(resumed)).toEqual(numbers(full));
  });
});
