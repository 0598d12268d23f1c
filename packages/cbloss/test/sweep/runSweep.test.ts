import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/runSweep.js';
import { TrainingInterruptedError } from '../../src/train/TrainingInterruptedError.js';
import type { RunOptions, RunResults, SweepResults } from '../../src/types.js';
import { fakeRunResults } from './fakeRunResults.js';
import { CblossError } from '../../src/CblossError.js';

const root = mkdtempSync(join(tmpdir(), 'cbloss-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const grid = { imbalanceFactors: [10, 100], losses: ['softmax'], betas: [0, 0.999], seeds: [1] };
const baseOptions = { data: { dataset: 'synthetic' }, optimiser: { epochs: 1 }, compute: { backend: 'cpu' } } as const;
/** Test error of a fake cell: harder at IF 100, better with β > 0. */
const errorOf = (o: RunOptions): number => (o.data.imbalanceFactor === 100 ? 40 : 20) - (o.loss.beta > 0 ? 5 : 0);

/** A stand-in for runExperiment that records its calls and writes results.json like the real one. */
function fakeRunner(failAt?: { call: number; error: (o: RunOptions) => Error }) {
  const calls: RunOptions[] = [];
  const run = async (options: RunOptions): Promise<RunResults> => {
    calls.push(options);
    if (failAt !== undefined && calls.length === failAt.call) throw failAt.error(options);
    const results = { ...fakeRunResults(errorOf(options), errorOf(options) + 1), options: { ...options } };
    mkdirSync(options.output.out, { recursive: true });
    writeFileSync(join(options.output.out, 'results.json'), JSON.stringify(results));
    return results;
  };
  return { calls, run };
}

const readSweep = (dir: string): SweepResults => JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepResults;

describe('runSweep', () => {
  it('runs every cell in its own directory and writes sweep.json with the table', async () => {
    const out = join(root, 'full');
    const { calls, run } = fakeRunner();
    const { sweep, complete } = await runSweep({ grid, baseOptions, out, resume: false, version: '9.9.9' }, { runCell: run });
    expect(complete).toBe(true);
    expect(calls.map((o) => o.output.out)).toEqual(
      ['if10-softmax-b0-s1', 'if10-softmax-b0.999-s1', 'if100-softmax-b0-s1', 'if100-softmax-b0.999-s1'].map((id) => join(out, id)),
    );
    expect(calls.every((o) => o.data.dataset === 'synthetic' && o.optimiser.epochs === 1 && o.compute.backend === 'cpu' && o.output.resume === false)).toBe(true);
    expect(readSweep(out)).toEqual(JSON.parse(JSON.stringify(sweep)));
    expect(sweep.version).toBe('9.9.9');
    // The shared options are stored with their defaults; the per-cell ones are not.
    expect(sweep.baseOptions).toMatchObject({ data: { dataset: 'synthetic', validationFraction: 0 }, model: {}, optimiser: { epochs: 1, batchSize: 128 }, compute: { backend: 'cpu' } });
    for (const key of ['seed', 'output']) expect(sweep.baseOptions).not.toHaveProperty(key);
    expect(sweep.baseOptions['data']).not.toHaveProperty('imbalanceFactor');
    expect(sweep.baseOptions['loss']).toEqual({});
    expect(sweep.selection).toBe('test');
    expect(sweep.cells.every((c) => c.results !== undefined)).toBe(true);
    expect(sweep.table).toEqual([
      { loss: 'softmax', byImbalanceFactor: { '10': { top1Error: 20, beta: 0, parameters: {}, seeds: 1 }, '100': { top1Error: 40, beta: 0, parameters: {}, seeds: 1 } } },
      { loss: 'CB softmax', byImbalanceFactor: { '10': { top1Error: 15, beta: 0.999, parameters: {}, seeds: 1 }, '100': { top1Error: 35, beta: 0.999, parameters: {}, seeds: 1 } } },
    ]);
  });

  it('after a crash, --resume skips the finished cells and runs only the rest; without it the directory is refused', async () => {
    const out = join(root, 'crash');
    const first = fakeRunner({ call: 3, error: () => new Error('out of memory') });
    await expect(runSweep({ grid, baseOptions, out, resume: false, version: '1' }, { runCell: first.run })).rejects.toThrow('out of memory');
    // sweep.json was written after each finished cell: two of four.
    expect(readSweep(out).cells.filter((c) => c.results !== undefined)).toHaveLength(2);

    const refused = runSweep({ grid, baseOptions, out, resume: false, version: '1' }, { runCell: fakeRunner().run });
    await expect(refused).rejects.toThrow(CblossError);
    await expect(refused).rejects.toThrow(/--resume/);

    const second = fakeRunner();
    const { sweep, complete } = await runSweep({ grid, baseOptions, out, resume: true, version: '1' }, { runCell: second.run });
    expect(complete).toBe(true);
    expect(second.calls.map((o) => o.output.out)).toEqual([join(out, 'if100-softmax-b0-s1'), join(out, 'if100-softmax-b0.999-s1')]);
    expect(sweep.cells.every((c) => c.results !== undefined)).toBe(true);
    expect(sweep.table[1]?.byImbalanceFactor['100']?.top1Error).toBe(35);
  });

  it('an interrupted cell leaves a valid sweep.json and resumes from its checkpoint', async () => {
    const out = join(root, 'interrupt');
    const first = fakeRunner({
      call: 2,
      error: (o) => {
        mkdirSync(join(o.output.out, 'checkpoint'), { recursive: true });
        return new TrainingInterruptedError(0, 3, join(o.output.out, 'checkpoint'));
      },
    });
    const lines: string[] = [];
    const stopped = await runSweep({ grid, baseOptions, out, resume: false, version: '1' }, { runCell: first.run, log: (l) => lines.push(l) });
    expect(stopped.complete).toBe(false);
    expect(first.calls).toHaveLength(2);
    expect(stopped.sweep.cells.filter((c) => c.results !== undefined)).toHaveLength(1);
    expect(readSweep(out).cells.filter((c) => c.results !== undefined)).toHaveLength(1);
    expect(lines.some((l) => l.includes('checkpoint saved'))).toBe(true);
    expect(existsSync(join(out, 'if10-softmax-b0.999-s1', 'results.json'))).toBe(false);

    const second = fakeRunner();
    const resumedLines: string[] = [];
    const { complete } = await runSweep({ grid, baseOptions, out, resume: true, version: '1' }, { runCell: second.run, log: (l) => resumedLines.push(l) });
    expect(complete).toBe(true);
    // No time estimate from the resumed cell (it ran only its last epochs); the next full cell gives one.
    expect(resumedLines.find((l) => l.startsWith('[2/4] if10-softmax-b0.999-s1: top-1 error'))).not.toMatch(/left for/);
    expect(resumedLines.find((l) => l.startsWith('[3/4] if100-softmax-b0-s1: top-1 error'))).toMatch(/; about .* left for 1 cell$/);
    // The interrupted cell resumes (it has a checkpoint); the never-started cells start fresh.
    expect(second.calls.map((o) => [o.output.out, o.output.resume])).toEqual([
      [join(out, 'if10-softmax-b0.999-s1'), true],
      [join(out, 'if100-softmax-b0-s1'), false],
      [join(out, 'if100-softmax-b0.999-s1'), false],
    ]);
  });

  it('a resumed sweep must keep its shared options (the backend may change) and may grow its grid', async () => {
    const out = join(root, 'options');
    await runSweep({ grid, baseOptions, out, resume: false, version: '1' }, { runCell: fakeRunner().run });
    await expect(
      runSweep({ grid, baseOptions: { ...baseOptions, optimiser: { epochs: 2 } }, out, resume: true, version: '1' }, { runCell: fakeRunner().run }),
    ).rejects.toThrow(`runSweep: 'optimiser.epochs' must be the same as in the sweep being resumed (1); got 2.`);
    const more = fakeRunner();
    const { sweep } = await runSweep(
      { grid: { ...grid, seeds: [1, 2] }, baseOptions: { ...baseOptions, compute: { backend: 'wasm' } }, out, resume: true, version: '1' },
      { runCell: more.run },
    );
    expect(more.calls.map((o) => o.seed)).toEqual([2, 2, 2, 2]);
    expect(more.calls.every((o) => o.compute.backend === 'wasm')).toBe(true);
    expect(sweep.table[0]?.byImbalanceFactor['10']?.seeds).toBe(2);
  });

  it('chooses β on validation error when a validation split is carved out', async () => {
    const out = join(root, 'validation');
    const { sweep } = await runSweep(
      { grid, baseOptions: { ...baseOptions, data: { ...baseOptions.data, validationFraction: 0.1 } }, out, resume: false, version: '1' },
      { runCell: fakeRunner().run },
    );
    expect(sweep.selection).toBe('validation');
    expect(sweep.baseOptions).toMatchObject({ data: { validationFraction: 0.1 } });
    expect(sweep.table[0]?.byImbalanceFactor['10']).toEqual({ top1Error: 20, beta: 0, parameters: {}, seeds: 1 });
  });

  it('at equal training counts (IF 1) reuses the β = 0 run for every β > 0 instead of training it again', async () => {
    const out = join(root, 'balanced');
    const calls: RunOptions[] = [];
    const lines: string[] = [];
    // IF 1: both classes keep 50 samples; IF 10: 50 and 5 (the class weights then depend on β).
    const run = async (options: RunOptions): Promise<RunResults> => {
      calls.push(options);
      const counts = options.data.imbalanceFactor === 1 ? [50, 50] : [50, 5];
      return { ...fakeRunResults(errorOf(options)), samplesPerClass: counts, options: { ...options } };
    };
    const twinGrid = { imbalanceFactors: [1, 10], losses: ['softmax', 'focal'], betas: [0, 0.99, 0.9999], parameters: { gamma: [1] }, seeds: [1] };
    const { sweep } = await runSweep({ grid: twinGrid, baseOptions, out, resume: false, version: '1' }, { runCell: run, log: (l) => lines.push(l) });
    expect(calls.map((o) => `if${o.data.imbalanceFactor}-${o.loss.method}-b${o.loss.beta}`)).toEqual([
      'if1-softmax-b0',
      'if1-focal-b0',
      'if10-softmax-b0',
      'if10-softmax-b0.99',
      'if10-softmax-b0.9999',
      'if10-focal-b0',
      'if10-focal-b0.99',
      'if10-focal-b0.9999',
    ]);
    const reused = sweep.cells.filter((c) => c.sameAs !== undefined).map((c) => [c.id, c.sameAs]);
    expect(reused).toEqual([
      ['if1-softmax-b0.99-s1', 'if1-softmax-b0-s1'],
      ['if1-softmax-b0.9999-s1', 'if1-softmax-b0-s1'],
      ['if1-focal-b0.99-g1-s1', 'if1-focal-b0-g1-s1'],
      ['if1-focal-b0.9999-g1-s1', 'if1-focal-b0-g1-s1'],
    ]);
    expect(sweep.cells.find((c) => c.id === 'if1-focal-b0.9999-g1-s1')?.results?.top1Error).toBe(20);
    expect(lines).toContain(
      '[3/12] if1-softmax-b0.9999-s1: every class weight is 1 at β = 0.9999 for the training counts 50/50: same run as if1-softmax-b0-s1, reused',
    );
    expect(readSweep(out).cells.filter((c) => c.sameAs !== undefined)).toHaveLength(4);
  });

  it('rejects bad shared options before running anything', async () => {
    const { calls, run } = fakeRunner();
    await expect(
      runSweep({ grid, baseOptions: { ...baseOptions, optimiser: { epochs: 0 } }, out: join(root, 'bad'), resume: false, version: '1' }, { runCell: run }),
    ).rejects.toThrow("resolveRunOptions: 'optimiser.epochs' must be a positive integer; got 0.");
    expect(calls).toHaveLength(0);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });
});
