import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResults, SweepResults } from '../../src/types.js';
import { isOneLine, runCli } from './runCli.js';

const root = mkdtempSync(join(tmpdir(), 'cbloss-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// The mlp keeps this fast on the pure-JS cpu backend (the cnn trains at a few images/s there).
const tiny = ['--dataset', 'synthetic-images', '--model', 'mlp', '--epochs', '1', '--batch-size', '64', '--backend', 'cpu'];

describe('cbloss train → eval → report, end to end on the cpu backend', () => {
  const out = join(root, 'run');

  it('train writes results.json with every required field and prints the tables', async () => {
    const { code, stdout, stderr } = await runCli(['train', ...tiny, '--imbalance-factor', '10', '--loss', 'focal', '--beta', '0.99', '--gamma', '1', '--name', 'tiny focal', '--out', out]);
    expect(stderr).not.toMatch(/unexpected error/);
    expect(code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    for (const field of ['top1Error', 'perClassAccuracy', 'samplesPerClass', 'classWeights', 'options', 'imagesPerSecond', 'trainSeconds', 'backend', 'version'] as const) {
      expect(results[field], field).toBeDefined();
    }
    expect(results.backend).toBe('cpu');
    expect(results.name).toBe('tiny focal');
    expect(results.options).toMatchObject({ data: { dataset: 'synthetic-images', imbalanceFactor: 10 }, loss: { method: 'focal', beta: 0.99, parameters: { gamma: 1 } }, optimiser: { epochs: 1 } });
    expect(results.samplesPerClass).toHaveLength(10);
    expect(Math.max(...results.samplesPerClass) / Math.min(...results.samplesPerClass)).toBeCloseTo(10, 0);
    expect(results.classWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(10, 6);
    expect(results.top1Error).toBeGreaterThanOrEqual(0);
    expect(results.top1Error).toBeLessThanOrEqual(100);
    expect(stdout).toContain('Top-1 error');
    expect(stdout).toContain(results.top1Error.toFixed(2));
    expect(stdout).toContain(`results: ${join(out, 'results.json')}`);
  });

  it('eval reloads the model and finds the same test error', async () => {
    const stored = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    const { code, stdout, stderr } = await runCli(['eval', out, '--backend', 'cpu']);
    expect(stderr).not.toMatch(/unexpected error/);
    expect(code).toBe(0);
    expect(stdout).toContain(`top-1 error at training time: ${stored.top1Error.toFixed(2)}%; now: ${stored.top1Error.toFixed(2)}%`);
  });

  it('eval --posthoc-tau 0 changes nothing; a negative τ is a one-line error', async () => {
    const stored = (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults).top1Error;
    const { code, stdout } = await runCli(['eval', out, '--backend', 'cpu', '--posthoc-tau', '0']);
    expect(code).toBe(0);
    expect(stdout).toContain(`top-1 error at training time: ${stored.toFixed(2)}%; now: ${stored.toFixed(2)}%`);
    const bad = await runCli(['eval', out, '--backend', 'cpu', '--posthoc-tau', '-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("cbloss: eval: '--posthoc-tau' must be a number >= 0; got -1.\n");
  });

  it('eval --dataset of a dataset it cannot find names --data-dir, as train does', async () => {
    const mnist = await runCli(['eval', out, '--backend', 'cpu', '--dataset', 'mnist']);
    expect(mnist.code).toBe(1);
    expect(mnist.stderr).toBe("cbloss: eval: '--data-dir' must be given for 'mnist' (no Debian package provides it; download the four IDX files from https://yann.lecun.com/exdb/mnist/ into a directory); got undefined.\n");
    const missing = join(root, 'nothing-here');
    const fashion = await runCli(['eval', out, '--backend', 'cpu', '--dataset', 'fashion-mnist', '--data-dir', missing]);
    expect(fashion.code).toBe(1);
    expect(fashion.stderr).toBe(`cbloss: eval: '--data-dir' must be an existing directory; got '${missing}' (no such directory).\n`);
  });

  it('eval of a directory without a model is a one-line error', async () => {
    const { code, stderr } = await runCli(['eval', root, '--backend', 'cpu']);
    expect(code).toBe(1);
    expect(isOneLine(stderr)).toBe(true);
    expect(stderr).toContain('model.json');
  });

  it('report writes report.html for the run', async () => {
    const { code, stdout } = await runCli(['report', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`report: ${join(out, 'report.html')}\n`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('synthetic-images');
  });

  it('a missing dataset names the Debian package', async () => {
    const { code, stderr } = await runCli(['train', '--dataset', 'fashion-mnist', '--data-dir', join(root, 'nothing-here'), '--epochs', '1', '--backend', 'cpu', '--out', join(root, 'fm')]);
    expect(code).toBe(1);
    expect(isOneLine(stderr), stderr).toBe(true);
    expect(stderr).toContain('nothing-here');
  });

  it('an unknown dataset suggests the nearest name', async () => {
    const { code, stderr } = await runCli(['train', '--dataset', 'fashion-mnst', '--epochs', '1', '--backend', 'cpu', '--out', join(root, 'x')]);
    expect(code).toBe(2);
    expect(isOneLine(stderr), stderr).toBe(true);
    expect(stderr).toMatch(/did you mean 'fashion-mnist'/i);
  });
});

describe('cbloss sweep, end to end on a tiny grid', () => {
  const out = join(root, 'sweep');
  const args = ['sweep', ...tiny, '--imbalance-factors', '10', '--losses', 'softmax', '--betas', '0,0.9', '--seeds', '1', '--out', out];

  it('runs the grid, writes sweep.json and report.html, prints the table', async () => {
    const { code, stdout, stderr } = await runCli(args);
    expect(stderr).not.toMatch(/unexpected error/);
    expect(code).toBe(0);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepResults;
    expect(sweep.cells.map((c) => c.id)).toEqual(['if10-softmax-b0-s1', 'if10-softmax-b0.9-s1']);
    expect(sweep.cells.every((c) => c.results !== undefined)).toBe(true);
    expect(sweep.table.map((r) => r.loss)).toEqual(['softmax', 'CB softmax']);
    expect(sweep.selection).toBe('test');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, 'if10-softmax-b0.9-s1', 'results.json'))).toBe(true);
    expect(stdout).toContain('| Loss');
    expect(stdout).toContain('IF 10');
    expect(stdout).toContain(`report: ${join(out, 'report.html')}`);
  });

  it('refuses to overwrite without --resume, and --resume skips the finished cells', async () => {
    const refused = await runCli(args);
    expect(refused.code).toBe(2);
    expect(isOneLine(refused.stderr)).toBe(true);
    expect(refused.stderr).toContain('--resume');

    const before = readFileSync(join(out, 'if10-softmax-b0-s1', 'results.json'), 'utf8');
    const resumed = await runCli([...args, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('if10-softmax-b0-s1: done before, skipped');
    expect(resumed.stderr).toContain('if10-softmax-b0.9-s1: done before, skipped');
    expect(readFileSync(join(out, 'if10-softmax-b0-s1', 'results.json'), 'utf8')).toBe(before);
  });

  it('report on the sweep directory renders the sweep', async () => {
    rmSync(join(out, 'report.html'));
    const { code, stdout } = await runCli(['report', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`report: ${join(out, 'report.html')}\n`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('CB softmax');
    expect(html).toContain('if10-softmax-b0.9-s1');
  });

  it('report on a directory without runs is a one-line error', async () => {
    const { code, stderr } = await runCli(['report', join(out, 'if10-softmax-b0-s1', 'model')]);
    expect(code).toBe(1);
    expect(isOneLine(stderr)).toBe(true);
  });
});
