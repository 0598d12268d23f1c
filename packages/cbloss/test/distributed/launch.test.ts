// `cbloss train --nproc N` through the real bin (dist/): the launcher, its ranks on loopback, and what the user sees.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleEpoch } from 'class-balanced-loss/core';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { evaluateRunDirectory } from '../../src/cli/evaluateRunDirectory.js';
import { countPerClass } from '../../src/data/countPerClass.js';
import { createDecodePool } from '../../src/data/stream/decodePool.js';
import { makeStreamDataset, type MadeStreamDataset } from '../../src/data/stream/makeStreamDataset.js';
import { evaluateStream } from '../../src/eval/evaluateStream.js';
import { loadRunModel } from '../../src/run/loadRunModel.js';
import { openStreamDataset } from '../../src/data/stream/openStreamDataset.js';
import { freePort } from '../../src/distributed/launchRanks.js';
import type { RunResults } from '../../src/types.js';
import { isOneLine, runCli } from '../cli/runCli.js';
import { built, distributedAvailable } from './ranks.js';

const bin = fileURLToPath(new URL('../../bin/cbloss.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'cbloss-nproc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TINY = ['--dataset', 'synthetic', '--model', 'mlp', '--backend', 'libtorch', '--threads', '1', '--no-report'];

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin; `onStderr` sees stderr so far after every chunk (and may signal the process). */
function runBin(args: readonly string[], env: NodeJS.ProcessEnv = {}, onStderr?: (stderr: string, pid: number) => void): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RANK: '', WORLD_SIZE: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onStderr?.(stderr, child.pid ?? -1);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!built || !(await distributedAvailable()))('cbloss train --nproc (needs the built dist/)', () => {
  it('--nproc 2 trains like --nproc 1 (MLP, no batch norm) and rank 0 alone writes and prints the results', async () => {
    const two = join(root, 'two');
    const one = join(root, 'one');
    const args = [...TINY, '--epochs', '1', '--batch-size', '64'];
    const [ranTwo, ranOne] = [await runBin(['train', ...args, '--nproc', '2', '--out', two]), await runBin(['train', ...args, '--out', one])];
    expect(ranTwo.code, ranTwo.stderr).toBe(0);
    expect(ranOne.code, ranOne.stderr).toBe(0);
    expect(ranTwo.stderr).toMatch(/train: 2 processes on 127\.0\.0\.1:\d+ \(rank 0: pid \d+, rank 1: pid \d+\)/);
    expect(count(ranTwo.stderr, /results in /)).toBe(1);
    expect(count(ranTwo.stderr, /epoch 1\/1 /)).toBe(1);
    expect(count(ranTwo.stderr, /data-parallel: 2 processes; allreduce [\d.]+ ms per step on rank 0 \(\d+ steps\)/)).toBe(1);
    expect(count(ranTwo.stdout, /Top-1 error %/)).toBe(1);
    const [resultsTwo, resultsOne] = [two, one].map((dir) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults);
    expect(resultsTwo!.history).toHaveLength(1);
    expect([resultsTwo!.processes, resultsOne!.processes]).toEqual([2, undefined]);
    // The same global batches and updates: the epoch's mean loss agrees to float32 rounding accumulated over 39 steps.
    expect(resultsTwo!.history[0]!.loss).toBeCloseTo(resultsOne!.history[0]!.loss, 4);
    expect(Math.abs(resultsTwo!.top1Error - resultsOne!.top1Error)).toBeLessThanOrEqual(0.1);
  }, 120_000);

  it('a killed rank ends the other at once: one line names it, exit 128 + 9, nothing written', async () => {
    const out = join(root, 'killed');
    let pids: number[] = [];
    let sent = false;
    const ran = await runBin(['train', ...TINY, '--epochs', '30', '--batch-size', '32', '--nproc', '2', '--out', out], {}, (stderr) => {
      const started = /rank 0: pid (\d+), rank 1: pid (\d+)/.exec(stderr);
      if (started && pids.length === 0) pids = [Number(started[1]), Number(started[2])];
      if (!sent && /epoch 1\/30 /.test(stderr)) {
        sent = true;
        process.kill(pids[1]!, 'SIGKILL');
      }
    });
    expect(sent, ran.stderr).toBe(true);
    expect(ran.stderr).toContain(`train: rank 1 (pid ${pids[1]}) was killed by SIGKILL; stopping the other ranks`);
    expect(ran.code).toBe(137);
    expect(alive(pids[0]!)).toBe(false);
    expect(ran.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  }, 120_000);

  it('a rank that hangs (SIGSTOP) makes the other fail after --dist-timeout, naming itself; the launcher then ends the hung one', async () => {
    const out = join(root, 'hung');
    let pids: number[] = [];
    let sent = false;
    const started = Date.now();
    let stoppedAt = 0;
    const ran = await runBin(['train', ...TINY, '--epochs', '30', '--batch-size', '32', '--dist-timeout', '8', '--nproc', '2', '--out', out], {}, (stderr) => {
      const found = /rank 0: pid (\d+), rank 1: pid (\d+)/.exec(stderr);
      if (found && pids.length === 0) pids = [Number(found[1]), Number(found[2])];
      if (!sent && /epoch 1\/30 /.test(stderr)) {
        sent = true;
        stoppedAt = Date.now();
        process.kill(pids[1]!, 'SIGSTOP');
      }
    });
    expect(sent, ran.stderr).toBe(true);
    expect(ran.stderr).toMatch(/cbloss: allreduce: rank 0 of 2 timed out after 8000 ms waiting for the other ranks/);
    expect(ran.stderr).toContain(`train: rank 0 (pid ${pids[0]}) exited with code 1; stopping the other ranks`);
    expect(ran.code).toBe(1);
    expect(alive(pids[1]!)).toBe(false);
    // The timeout, then the launcher's SIGTERM + SIGCONT ends the stopped rank at once (not after the 10 s grace).
    expect(Date.now() - stoppedAt).toBeLessThan(17_000);
    expect(Date.now() - started).toBeGreaterThan(8_000);
  }, 120_000);

  it('Ctrl-C to the launcher stops both ranks with one resume hint (exit 130); one process then resumes the run', async () => {
    const out = join(root, 'interrupted');
    let sent = false;
    const ran = await runBin(['train', ...TINY, '--epochs', '3', '--batch-size', '32', '--nproc', '2', '--out', out], {}, (stderr, pid) => {
      if (!sent && /epoch 1\/3 /.test(stderr)) {
        sent = true;
        process.kill(pid, 'SIGINT');
      }
    });
    expect(ran.code, ran.stderr).toBe(130);
    expect(count(ran.stderr, /--resume/)).toBe(1);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    const resumed = await runCli(['train', '--out', out, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults).history).toHaveLength(3);
  }, 120_000);

  it('a rank whose peers never come stops after --dist-timeout with one line naming it', async () => {
    const env = { MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(await freePort()), RANK: '0', WORLD_SIZE: '2' };
    const ran = await runBin(['train', ...TINY, '--epochs', '1', '--dist-timeout', '2', '--out', join(root, 'alone')], env);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/cbloss: processGroupFromEnv: rank 0 of 2 timed out after 2000 ms waiting for the other ranks at 127\.0\.0\.1:\d+/);
    expect(ran.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('cbloss train --nproc: bad input is refused before anything starts', () => {
  it('a global batch that does not split evenly (in memory or streamed), a bad --nproc, --nproc in a process that is already a rank, a bad --dist-timeout', async () => {
    const out = join(root, 'bad');
    const batch = await runCli(['train', ...TINY, '--batch-size', '33', '--nproc', '2', '--out', out]);
    expect(batch.code).toBe(2);
    expect(isOneLine(batch.stderr)).toBe(true);
    expect(batch.stderr).toContain("train: '--batch-size' must be a multiple of --nproc (2): it is the global batch, of which each process takes batch-size / 2; got 33.");
    const zero = await runCli(['train', ...TINY, '--nproc', '0', '--out', out]);
    expect(zero.stderr).toBe("cbloss: train: '--nproc' must be a positive integer; got 0.\n");
    const streamed = await runCli(['train', '--dataset', 'list:train.txt', '--batch-size', '33', '--nproc', '2', '--out', out]);
    expect([streamed.code, isOneLine(streamed.stderr)]).toEqual([2, true]);
    expect(streamed.stderr).toContain("train: '--batch-size' must be a multiple of --nproc (2)");
    const timeout = await runCli(['train', ...TINY, '--dist-timeout', '0', '--out', out]);
    expect(timeout.stderr).toBe("cbloss: train: '--dist-timeout' must be a positive number of seconds; got 0.\n");
    const saved = { RANK: process.env['RANK'], WORLD_SIZE: process.env['WORLD_SIZE'] };
    Object.assign(process.env, { RANK: '0', WORLD_SIZE: '2' });
    try {
      const nested = await runCli(['train', ...TINY, '--nproc', '2', '--out', out]);
      expect(nested.code).toBe(2);
      expect(nested.stderr).toContain("train: '--nproc' must not be given to a process that is already a rank (RANK and WORLD_SIZE are set in its environment); got 2.");
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(existsSync(out)).toBe(false);
  });
});

// A streamed dataset (generated JPEGs in the `list:` layout) through the real bin: each rank decodes its part of every
// global batch with its own pool; the mlp (no batch norm) at 16 px, CB focal loss (at lr 0.01: 0.1 diverges on these
// 29 images, and a diverging run amplifies float32 rounding beyond any tolerance), on the cpu backend.
describe.skipIf(!built || !(await distributedAvailable()))('cbloss train --nproc on a streamed dataset (needs the built dist/)', () => {
  const STREAMED = ['--model', 'mlp', '--image-size', '16', '--batch-size', '8', '--loss', 'focal', '--beta', '0.999', '--gamma', '0.5', '--lr', '0.01', '--imbalance-factor', '1', '--backend', 'cpu', '--threads', '1', '--workers', '1', '--seed', '1', '--no-report'];
  let made: Promise<MadeStreamDataset> | undefined;
  const dataset = (): Promise<MadeStreamDataset> =>
    (made ??= makeStreamDataset(join(root, 'stream-data'), { format: 'list', numClasses: 4, maxCount: 12, imbalanceFactor: 3, testPerClass: 2, imageSize: [18, 24], seed: 7 }));
  const read = (dir: string): RunResults => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
  const weights = (dir: string): Float32Array => new Float32Array(new Uint8Array(readFileSync(join(dir, 'model', 'weights.bin'))).buffer);
  const maxDiff = (a: Float32Array, b: Float32Array): number => (a.length !== b.length ? Infinity : a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0));
  let aloneRun: Promise<string> | undefined;
  /** The 4-epoch run in one process, shared by the tests. */
  const alone = (): Promise<string> =>
    (aloneRun ??= dataset().then(async ({ spec }) => {
      const dir = join(root, 'stream-one');
      const ran = await runBin(['train', '--dataset', spec, ...STREAMED, '--epochs', '4', '--out', dir]);
      expect(ran.code, ran.stderr).toBe(0);
      return dir;
    }));

  it('--nproc 2 reaches the weights of one process (4 epochs, within 1e-5) and its test metrics; rank 0 alone writes; the memory bound is per process', async () => {
    const { spec } = await dataset();
    const two = join(root, 'stream-two');
    const ran = await runBin(['train', '--dataset', spec, ...STREAMED, '--epochs', '4', '--nproc', '2', '--out', two]);
    expect(ran.code, ran.stderr).toBe(0);
    const one = await alone();
    expect(count(ran.stderr, /results in /)).toBe(1);
    expect(count(ran.stderr, /decoding ahead holds at most \d+\.\d MB per process \(micro-batches of 4 images, 4 per process of each step of 8\)/)).toBe(1);
    expect(count(ran.stderr, /data-parallel: 2 processes; allreduce [\d.]+ ms per step on rank 0 \(\d+ steps\)/)).toBe(1);
    expect(count(ran.stdout, /Top-1 error %/)).toBe(1);
    const [r2, r1] = [read(two), read(one)];
    expect([r2.processes, r1.processes]).toEqual([2, undefined]);
    expect(maxDiff(weights(two), weights(one))).toBeLessThan(1e-5);
    r2.history.forEach((h, e) => expect(h.loss).toBeCloseTo(r1.history[e]!.loss, 5));
    expect([r2.top1Error, r2.top5Error, r2.perClassAccuracy]).toEqual([r1.top1Error, r1.top5Error, r1.perClassAccuracy]);
    // Control: the training moved the weights far beyond the tolerance.
    const untrained = join(root, 'stream-short');
    expect((await runBin(['train', '--dataset', spec, ...STREAMED, '--epochs', '1', '--out', untrained])).code).toBe(0);
    expect(maxDiff(weights(untrained), weights(one))).toBeGreaterThan(1e-2);
  }, 180_000);

  it('the ranks evaluate their parts of 9 held-out images (4 and 5): the metrics of the saved model evaluated in one process; an unreadable one in rank 1’s part is skipped, named and counted as there', async () => {
    const made = await makeStreamDataset(join(root, 'stream-eval'), { format: 'list', numClasses: 3, maxCount: 6, testPerClass: 3, imageSize: [18, 22], seed: 9 });
    const { test } = openStreamDataset(made.spec);
    expect(test.count).toBe(9);
    const metrics = (r: RunResults): unknown => [r.top1Error, r.top5Error, r.perClassAccuracy, r.testSamplesPerClass, r.confusionMatrix, r.shotAccuracy];
    // Softmax (a model of plain layers, which a fresh process loads back) at a learning rate low enough that one epoch
    // leaves some images wrong.
    const args = ['--dataset', made.spec, ...STREAMED.slice(0, STREAMED.indexOf('--loss')), '--loss', 'softmax', ...STREAMED.slice(STREAMED.indexOf('--lr') + 2), '--lr', '0.001', '--epochs', '1'];
    const whole = join(root, 'stream-eval-a');
    const ran = await runBin(['train', ...args, '--nproc', '2', '--out', whole]);
    expect(ran.code, ran.stderr).toBe(0);
    // cbloss eval: one process streams the whole split through the saved model.
    const again = await evaluateRunDirectory(whole, { backend: 'cpu', log: () => undefined });
    expect(metrics(read(whole))).toEqual(metrics(again));
    expect(again.top1Error).toBeGreaterThan(0); // not all right, nor (below) all wrong: the metrics say something
    expect(again.top1Error).toBeLessThan(100);

    // Position 6 of the split: rank 1's part [4, 9). A part gathered at another offset would name another file.
    const broken = test.paths[6]!;
    writeFileSync(broken, readFileSync(broken).subarray(0, 40)); // truncated JPEG
    const out = join(root, 'stream-eval-b');
    const skipped = await runBin(['train', ...args, '--skip-bad-images', '--nproc', '2', '--out', out]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain(`skipped 1 unreadable image file(s), e.g. '${broken}'`);
    const results = read(out);
    expect(results.skippedImages).toBe(1);
    expect(results.testSamplesPerClass.reduce((a, b) => a + b, 0)).toBe(8);
    await selectBackend('cpu');
    const run = await loadRunModel(out);
    const pool = createDecodePool(test, { transform: { mode: 'eval', size: 16 }, batchSize: 64, seed: 1, workers: 1, shuffle: false, skipBadImages: true });
    try {
      const alone = await evaluateStream(run.model, pool, { numClasses: 3, trainSamplesPerClass: results.samplesPerClass });
      expect(pool.stats().skipped.map((s) => s.path)).toEqual([broken]);
      expect(metrics(results)).toEqual(metrics({ ...results, ...alone, testSamplesPerClass: countPerClass(alone.labels, 3) }));
    } finally {
      await pool.close();
      run.model.dispose();
    }
  }, 180_000);

  it('Ctrl-C stops both ranks with one resume hint; one process, or two (evaluating together), resume the streamed run to the weights of the uninterrupted one', async () => {
    const { spec } = await dataset();
    const out = join(root, 'stream-interrupted');
    let sent = false;
    const ran = await runBin(['train', '--dataset', spec, ...STREAMED, '--epochs', '4', '--nproc', '2', '--out', out], {}, (stderr, pid) => {
      if (!sent && /epoch 1\/4 /.test(stderr)) {
        sent = true;
        process.kill(pid, 'SIGINT');
      }
    });
    expect(ran.code, ran.stderr).toBe(130);
    expect(count(ran.stderr, /--resume/)).toBe(1);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    const outTwo = join(root, 'stream-interrupted-two');
    cpSync(out, outTwo, { recursive: true });
    const resumed = await runBin(['train', '--out', out, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const one = await alone();
    expect(read(out).history).toHaveLength(4);
    expect(maxDiff(weights(out), weights(one))).toBeLessThan(1e-5);
    expect(read(out).top1Error).toBe(read(one).top1Error);
    const resumedTwo = await runBin(['train', '--out', outTwo, '--resume', '--nproc', '2']);
    expect(resumedTwo.code, resumedTwo.stderr).toBe(0);
    expect(read(outTwo).history.map((h) => h.testError)).toEqual(read(one).history.map((h) => h.testError));
    expect(maxDiff(weights(outTwo), weights(one))).toBeLessThan(1e-5);
    expect([read(outTwo).top1Error, read(outTwo).top5Error, read(outTwo).perClassAccuracy]).toEqual([read(one).top1Error, read(one).top5Error, read(one).perClassAccuracy]);
  }, 180_000);

  it('an unreadable image in rank 1’s part: without --skip-bad-images the run stops with one line naming the file; with it, the file is skipped and counted once in results.json', async () => {
    const made = await makeStreamDataset(join(root, 'stream-bad'), { format: 'list', numClasses: 3, maxCount: 8, testPerClass: 1, imageSize: [18, 22], seed: 8 });
    // Position 5 of the first epoch's order: rank 1's part [4, 8) of the first global batch of 8.
    const { train } = openStreamDataset(made.spec);
    const order = sampleEpoch(train.labels, { sampler: 'instance', seed: 1, epoch: 0, numEpochs: 1 });
    const broken = train.paths[order[5]!]!;
    writeFileSync(broken, readFileSync(broken).subarray(0, 40)); // truncated JPEG
    const failedOut = join(root, 'stream-bad-a');
    const failed = await runBin(['train', '--dataset', made.spec, ...STREAMED, '--epochs', '1', '--nproc', '2', '--out', failedOut]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`cbloss: .*${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(failed.stderr).toMatch(/train: rank 1 \(pid \d+\) exited with code 1; stopping the other ranks/);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(failedOut, 'results.json'))).toBe(false);
    const out = join(root, 'stream-bad-b');
    const skipped = await runBin(['train', '--dataset', made.spec, ...STREAMED, '--epochs', '1', '--skip-bad-images', '--nproc', '2', '--out', out]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain(`skipped 1 unreadable image file(s), e.g. '${broken}'`);
    expect(read(out).skippedImages).toBe(1);
  }, 180_000);
});
