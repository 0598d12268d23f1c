import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparisonEntries, type ComparisonEntry } from '../../src/compare/comparisonEntries.js';
import { candidateText, formatComparisonTable } from '../../src/compare/formatComparisonTable.js';
import { runComparison, type ComparisonResults } from '../../src/compare/runComparison.js';
import { resolveRunOptions } from '../../src/run/resolveRunOptions.js';
import { TrainingInterruptedError } from '../../src/train/TrainingInterruptedError.js';
import type { RunOptions, RunResults } from '../../src/types.js';
import { fakeRunResults } from '../sweep/fakeRunResults.js';
import { runCli } from '../cli/runCli.js';

const root = mkdtempSync(join(tmpdir(), 'cbloss-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const baseOptions = { data: { dataset: 'synthetic', validationFraction: 0.2 }, optimiser: { epochs: 5 }, compute: { backend: 'cpu' } } as const;
const entries: ComparisonEntry[] = [
  { name: 'softmax', candidates: [{ loss: { method: 'softmax' } }] },
  { name: 'CB softmax', candidates: [0.9, 0.999].map((beta) => ({ loss: { method: 'softmax', beta } })) },
];

/** Fake runs: test error 30 − 10·β, validation error lowest for β = 0.9 (so validation and test disagree). */
function fakeRunner() {
  const calls: RunOptions[] = [];
  const run = async (options: RunOptions): Promise<RunResults> => {
    calls.push(options);
    const beta = options.loss.beta;
    const results = { ...fakeRunResults(30 - 10 * beta + options.seed, beta === 0.9 ? 10 : 20), options };
    mkdirSync(options.output.out, { recursive: true });
    writeFileSync(join(options.output.out, 'results.json'), JSON.stringify(results));
    return results;
  };
  return { calls, run };
}

describe('comparisonEntries', () => {
  it('gives every method valid run options at the budget, DRW at 80% of the epochs and cRT at a tenth', () => {
    const all = comparisonEntries(10);
    expect(all.map((e) => e.name)).toEqual([
      'softmax', 'CB softmax', 'CB softmax + DRW', 'focal', 'CB focal', 'LDAM-DRW', 'logit-adjusted loss',
      'post-hoc logit adjustment', 'balanced softmax', 'class-balanced sampling', 'cRT',
    ]);
    for (const entry of all) {
      for (const candidate of entry.candidates) {
        expect(() => resolveRunOptions({ ...candidate, output: { out: 'x' }, optimiser: { epochs: 10 } }), `${entry.name} ${candidateText(candidate)}`).not.toThrow();
      }
    }
    expect(all.find((e) => e.name === 'LDAM-DRW')?.candidates[0]?.loss?.drwEpoch).toBe(8);
    expect(all.find((e) => e.name === 'cRT')?.candidates[0]?.model?.crtEpochs).toBe(1);
    expect(comparisonEntries(1).find((e) => e.name === 'LDAM-DRW')?.candidates[0]?.loss?.drwEpoch).toBe(0);
  });
});

describe('runComparison', () => {
  it('runs every candidate and seed, chooses on validation error and reports the test results of the choice', async () => {
    const out = join(root, 'a');
    const { calls, run } = fakeRunner();
    const { comparison, complete } = await runComparison({ baseOptions, entries, seeds: [1, 2], out, resume: false, version: '1' }, { runCell: run });
    expect(complete).toBe(true);
    expect(calls.map((o) => o.output.out)).toEqual(
      ['softmax-c1-s1', 'softmax-c1-s2', 'cb-softmax-c1-s1', 'cb-softmax-c1-s2', 'cb-softmax-c2-s1', 'cb-softmax-c2-s2'].map((id) => join(out, id)),
    );
    expect(calls.every((o) => o.optimiser.epochs === 5 && o.data.validationFraction === 0.2)).toBe(true);
    expect(comparison.selection).toBe('validation');
    const cb = comparison.rows[1]!;
    // β = 0.9 has the lower validation error, though β = 0.999 has the lower test error
    expect(cb.chosen).toEqual({ index: 0, settings: { loss: { method: 'softmax', beta: 0.9 } } });
    expect(cb.top1Error?.mean).toBeCloseTo(30 - 9 + 1.5, 10);
    expect(cb.seeds).toBe(2);
    const saved = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as ComparisonResults;
    expect(saved.rows).toEqual(JSON.parse(JSON.stringify(comparison.rows)));
    const table = formatComparisonTable(comparison);
    expect(table).toContain('| CB softmax | β=0.9');
    expect(table).toContain('mean ± std over 2 seeds');
  });

  it('refuses a started comparison without resume, reads finished runs back with it', async () => {
    const out = join(root, 'b');
    await runComparison({ baseOptions, entries, seeds: [1], out, resume: false, version: '1' }, { runCell: fakeRunner().run });
    await expect(runComparison({ baseOptions, entries, seeds: [1], out, resume: false, version: '1' }, { runCell: fakeRunner().run })).rejects.toThrow(
      /must not hold a started comparison unless resuming/,
    );
    const again = fakeRunner();
    const { comparison } = await runComparison({ baseOptions, entries, seeds: [1, 2], out, resume: true, version: '1' }, { runCell: again.run });
    expect(again.calls.map((o) => o.seed)).toEqual([2, 2, 2]);
    expect(comparison.rows.every((r) => r.seeds === 2)).toBe(true);
  });

  it('an interrupted cell (Ctrl-C) stops the comparison with a valid comparison.json, and --resume continues it from the checkpoint', async () => {
    const out = join(root, 'interrupt');
    const { calls, run } = fakeRunner();
    const stopping = async (options: RunOptions): Promise<RunResults> => {
      if (calls.length < 2) return run(options);
      mkdirSync(join(options.output.out, 'checkpoint'), { recursive: true });
      throw new TrainingInterruptedError(0, 3, join(options.output.out, 'checkpoint'), `cbloss train --out ${options.output.out} --resume`);
    };
    const lines: string[] = [];
    const stopped = await runComparison({ baseOptions, entries, seeds: [1], out, resume: false, version: '1' }, { runCell: stopping, log: (l) => lines.push(l) });
    expect(stopped.complete).toBe(false);
    expect(lines).toContain(`[3/3] cb-softmax-c2-s1: training interrupted after 0 epoch(s) and 3 batch(es); checkpoint saved in ${join(out, 'cb-softmax-c2-s1', 'checkpoint')}.`);
    expect(lines.join('\n')).not.toContain('cbloss train'); // the comparison is resumed as a whole, not the cell
    const saved = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as ComparisonResults;
    expect(saved.cells.map((c) => c.results !== undefined)).toEqual([true, true, false]);
    const again = fakeRunner();
    const { complete } = await runComparison({ baseOptions, entries, seeds: [1], out, resume: true, version: '1' }, { runCell: again.run });
    expect(complete).toBe(true);
    expect(again.calls.map((o) => [o.output.out, o.output.resume])).toEqual([[join(out, 'cb-softmax-c2-s1'), true]]);
  });

  it('rejects a bad candidate or shared option before anything runs', async () => {
    const { calls, run } = fakeRunner();
    const bad = [{ name: 'x', candidates: [{ loss: { method: 'focal', parameters: { gamma: -1 } } }] }];
    await expect(runComparison({ baseOptions, entries: bad, seeds: [1], out: join(root, 'c'), resume: false, version: '1' }, { runCell: run })).rejects.toThrow(
      "resolveRunOptions: 'loss.parameters.gamma' must be a finite number >= 0; got -1.",
    );
    expect(calls).toHaveLength(0);
    expect(existsSync(join(root, 'c'))).toBe(false);
  });

  it('cbloss compare rejects an unknown method with the nearest name, in one line', async () => {
    const { code, stderr } = await runCli(['compare', '--methods', 'softmax,ldam-drv', '--out', join(root, 'd')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cbloss: compare: '--methods' must contain only softmax, .*; got 'ldam-drv' \(did you mean 'ldam-drw'\?\)\.\n$/);
  });
});
