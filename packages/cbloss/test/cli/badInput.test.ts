import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outDirError, prepareOutDir } from '../../src/run/prepareOutDir.js';
import { put, tempDir } from '../data/tempDir.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN } from '../report/fixtures.js';
import { isOneLine, runCli } from './runCli.js';

// Every case must fail before any training: a tiny synthetic tabular run on cpu, should it start by mistake.
const tiny = ['--dataset', 'synthetic', '--model', 'mlp', '--epochs', '1', '--backend', 'cpu'];
const sweepTiny = [...tiny, '--losses', 'softmax', '--betas', '0', '--imbalance-factors', '10'];

/** Runs the CLI and checks the contract for bad input: one line on stderr, nothing on stdout, the exit code. */
async function expectOneLine(argv: readonly string[], exit: number, message: RegExp | string): Promise<string> {
  const { code, stdout, stderr } = await runCli(argv);
  expect(isOneLine(stderr), stderr).toBe(true);
  expect(stderr).not.toMatch(/unexpected error|\n\s+at /);
  if (typeof message === 'string') expect(stderr).toContain(message);
  else expect(stderr).toMatch(message);
  expect(stdout).toBe('');
  expect(code).toBe(exit);
  return stderr;
}

describe('--out that cannot be a run directory: one line, exit 2, the file untouched', () => {
  it.each(['train', 'sweep'])('%s --out an existing regular file', async (command) => {
    const file = put(tempDir(), 'notes.txt', 'keep me');
    const flags = command === 'train' ? tiny : sweepTiny;
    await expectOneLine([command, ...flags, '--out', file], 2, `${command}: '--out' must be a directory; got '${file}' (an existing file).`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it.each(['train', 'sweep'])('%s --out a path under a regular file', async (command) => {
    const file = put(tempDir(), 'notes.txt', 'keep me');
    const flags = command === 'train' ? tiny : sweepTiny;
    await expectOneLine([command, ...flags, '--out', join(file, 'run')], 2, `got '${join(file, 'run')}' ('${file}' is a file).`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  // root may write anywhere but under /sys (no directory can be made there, for root neither, EPERM or EROFS), so that
  // is the unwritable place when running as root (as CI does); another user gets a directory without write permission.
  it('train --out a directory that cannot be written', async () => {
    const asRoot = process.getuid?.() === 0;
    const locked = asRoot ? '/sys' : join(tempDir(), 'locked');
    if (!asRoot) mkdirSync(locked, { mode: 0o500 });
    const out = join(locked, 'cbloss-test', 'run');
    try {
      const { code, stderr } = await runCli(['train', ...tiny, '--out', out]);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^cbloss: train: '--out' must be a writable directory; got '${out}' \\((permission denied|read-only file system)\\)\\.\\n$`));
    } finally {
      if (!asRoot) chmodSync(locked, 0o700);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('prepareOutDir creates missing parents, and names the reason of each refusal', async () => {
    const dir = join(tempDir(), 'a', 'b', 'run');
    await prepareOutDir('runExperiment', dir);
    expect(existsSync(dir)).toBe(true);
    expect(outDirError('runSweep', '/ro/sweep', 'read-only file system').message).toBe(
      "runSweep: 'output.out' must be a writable directory; got '/ro/sweep' (read-only file system).",
    );
    expect(outDirError('runExperiment', 'x/y', "'x' is a file").message).toBe("runExperiment: 'output.out' must be a directory; got 'x/y' ('x' is a file).");
  });
});

describe('a finished or started run is never replaced without a flag; --resume means the same in train and sweep', () => {
  /** A directory holding a finished run (its results.json) and a checkpoint. */
  function finishedRun(): string {
    const dir = tempDir();
    put(dir, 'results.json', JSON.stringify(SOFTMAX_RUN));
    put(dir, 'checkpoint/checkpoint.json', '{}');
    return dir;
  }

  it('train --out a finished run is refused, and says --overwrite; results.json untouched', async () => {
    const dir = finishedRun();
    const before = readFileSync(join(dir, 'results.json'), 'utf8');
    await expectOneLine(['train', ...tiny, '--out', dir], 2, /^cbloss: train: '--out' must not hold a finished run unless it is to be replaced \(--overwrite\); got '.*' \(has results\.json/);
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(before);
  });

  it('train --out an unfinished run is refused, and says --resume', async () => {
    const dir = tempDir();
    put(dir, 'checkpoint/checkpoint.json', '{}');
    await expectOneLine(['train', ...tiny, '--out', dir], 2, `(has a checkpoint); resume with: cbloss train --out ${dir} --resume.`);
    expect(existsSync(join(dir, 'checkpoint', 'checkpoint.json'))).toBe(true);
  });

  it('train --resume with nothing to resume is refused (exit 1), and --resume --overwrite together (exit 2)', async () => {
    const empty = tempDir();
    await expectOneLine(['train', '--out', empty, '--resume'], 1, `train: '--resume' must continue a run started in '${empty}'; got true (it has no checkpoint; start a new run without --resume).`);
    await expectOneLine(['train', ...tiny, '--out', finishedRun(), '--resume', '--overwrite'], 2, "train: '--resume' must not be combined with overwriting the run (--overwrite); got true.");
  });

  it('sweep --resume with no sweep in --out is refused like train --resume, and writes nothing', async () => {
    const empty = tempDir();
    await expectOneLine(['sweep', ...sweepTiny, '--out', empty, '--resume'], 1, `sweep: '--resume' must continue a sweep started in '${empty}'; got true (it has no sweep.json and no cell directory`);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('sweep --out a sweep that was started (a cell directory, no sweep.json yet) is refused without --resume or --overwrite', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'if10-softmax-b0-s1'));
    await expectOneLine(['sweep', ...sweepTiny, '--out', dir], 2, `got '${dir}' (has if10-softmax-b0-s1/).`);
  });
});

describe('damaged checkpoints', () => {
  it('train --resume over a weights file overwritten with zeros: one line naming the file, nothing retrained', async () => {
    const dir = join(tempDir(), 'run');
    const first = await runCli(['train', ...tiny, '--batch-size', '512', '--backend', 'wasm', '--out', dir]); // a real run, on the faster backend
    expect(first.code, first.stderr).toBe(0);
    // By the way: the schedule was printed, and the report written, labelled by the run directory, without reload.
    expect(first.stderr).toContain('lr schedule: linear warm-up to 0.1 over 0.1 epochs, ×0.01 at epochs 0.8 and 0.9; final lr 0.00001');
    expect(first.stderr).toContain("note: the paper's 200-epoch schedule");
    expect(first.stdout).toContain(`report: ${join(dir, 'report.html')}`);
    const report = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(report).toContain('<title>run on synthetic');
    expect(report).not.toContain('http-equiv="refresh"');
    const weights = readdirSync(join(dir, 'checkpoint')).find((f) => f.endsWith('.bin'))!;
    const path = join(dir, 'checkpoint', weights);
    writeFileSync(path, Buffer.alloc(statSync(path).size));
    const results = readFileSync(join(dir, 'results.json'), 'utf8');
    await expectOneLine(['train', '--out', dir, '--resume'], 1, `'${path}' must have the sha256 recorded in`);
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(results);
  });

  it('train --resume over a manifest without progress: one line, not a TypeError', async () => {
    const dir = tempDir();
    put(dir, 'checkpoint/checkpoint.json', JSON.stringify({ format: 'cbloss-checkpoint', formatVersion: 2, weightsFile: 'weights-000001-000000.bin', byteLength: 0, tensors: [], config: {} }));
    await expectOneLine(['train', '--out', dir, '--resume'], 1, /must have 'config\.epochs' as a number; got nothing\./);
  });
});

describe('--threads is bounded', () => {
  const max = 4 * availableParallelism();
  it.each([
    ['train', [...tiny, '--out', 'never-created']],
    ['sweep', [...sweepTiny, '--out', 'never-created']],
    ['demo', ['--out', 'never-created']],
  ])('%s --threads 9999', async (command, flags) => {
    await expectOneLine([command, ...flags, '--threads', '9999'], 2, `${command}: '--threads' must be an integer in [1, ${max}] (4 per CPU, ${availableParallelism()} CPUs); got 9999.`);
    expect(existsSync('never-created')).toBe(false);
  });
});

describe('damaged results.json: eval and report name the file and the field', () => {
  const cases: [string, string, RegExp][] = [
    ['an empty object', '{}', /must have 'version' as a string; got nothing\./],
    ['null', 'null', /must be a JSON object \(cbloss results\); got null\./],
    ['an array', '[]', /must be a JSON object \(cbloss results\); got an array of 0\./],
    ['a string top-1 error', JSON.stringify({ ...SOFTMAX_RUN, top1Error: '12' }), /must have 'top1Error' as a number; got "12"\./],
    ['a history record without loss', JSON.stringify({ ...SOFTMAX_RUN, history: [{ epoch: 1 }] }), /must have 'history\[0\]\.loss' as a number; got nothing\./],
    ['a per-class array too short', JSON.stringify({ ...SOFTMAX_RUN, classWeights: [1, 1] }), /must have 'classWeights' with one entry per class \(3 in 'dataset\.classNames'\); got 2\./],
    ['truncated JSON', '{"version": ', /must be valid JSON; got a parse error/],
  ];

  it.each(cases)('report DIR with results.json: %s', async (_what, text, message) => {
    const dir = tempDir();
    const path = put(dir, 'results.json', text);
    const line = await expectOneLine(['report', dir], 1, message);
    expect(line).toContain(`report: '${path}'`);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });

  it.each(cases)('eval DIR with results.json: %s', async (_what, text, message) => {
    const dir = tempDir();
    const path = put(dir, 'results.json', text);
    const line = await expectOneLine(['eval', dir, '--backend', 'cpu'], 1, message);
    expect(line).toContain(`'${path}'`);
  });

  it('report of a sweep.json whose cell results are damaged names the cell', async () => {
    const dir = tempDir();
    const path = put(dir, 'sweep.json', JSON.stringify({ cells: [{ id: 'a', results: SOFTMAX_RUN }, { id: 'b', results: { ...SOFTMAX_RUN, top1Error: null } }], table: [] }));
    await expectOneLine(['report', dir], 1, `report: '${path}' must have 'cells[1].results.top1Error' as a number; got null.`);
  });

  it.each(['null', '{}', '[]'])('report of a sweep.json that is %s', async (text) => {
    const dir = tempDir();
    put(dir, 'sweep.json', text);
    await expectOneLine(['report', dir], 1, /must have 'cells' and 'table' arrays \(a cbloss sweep\)/);
  });
});

describe('report over a directory of runs', () => {
  it('labels the runs by directory name, never "softmax #2"', async () => {
    const dir = tempDir();
    put(dir, 'baseline/results.json', JSON.stringify(SOFTMAX_RUN));
    put(dir, 'baseline-again/results.json', JSON.stringify(SOFTMAX_RUN));
    put(dir, 'cb-focal/results.json', JSON.stringify(CB_FOCAL_RUN));
    const { code, stderr } = await runCli(['report', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('baseline vs baseline-again vs cb-focal on fashion-mnist');
    expect(html).toContain('baseline-again: all options');
    expect(html).not.toContain('softmax #2');
  });

  it('refuses runs of different datasets, saying which run has which', async () => {
    const dir = tempDir();
    put(dir, 'fm/results.json', JSON.stringify(SOFTMAX_RUN));
    put(dir, 'other/results.json', JSON.stringify({ ...SOFTMAX_RUN, dataset: { ...SOFTMAX_RUN.dataset, name: 'synthetic' } }));
    await expectOneLine(['report', dir], 2, "got '" + dir + "' with fashion-mnist (3 classes): fm; synthetic (3 classes): other.");
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });
});

describe('weights --labels', () => {
  it('a directory is one line naming it', async () => {
    const dir = tempDir();
    await expectOneLine(['weights', '--labels', dir], 1, `weights: '--labels' must name a file; got '${dir}' (a directory).`);
  });

  it('reads CSV with quoted headers and quoted commas (csv-parse)', async () => {
    const path = put(tempDir(), 'labels.csv', '"id","note, free text","label"\n1,"a, b",0\n2,"c",1\n3,"d, e, f",1\n4,"x ""quoted"", y",2\n');
    const { code, stdout, stderr } = await runCli(['weights', '--labels', path, '--beta', '0', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { samplesPerClass: number[] }).samplesPerClass).toEqual([1, 2, 1]);
  });

  it('a bad label names the file line', async () => {
    const path = put(tempDir(), 'labels.csv', 'id,label\n1,0\n\n2,1.5\n');
    await expectOneLine(['weights', '--labels', path], 1, `'${path}' must hold non-negative integer labels; got '1.5' on line 4.`);
  });
});

describe('the live report of cbloss train', () => {
  it('runExperiment hands the history to onEpoch after every epoch (the live report rewrites report.html from it)', async () => {
    const { resolveRunOptions } = await import('../../src/run/resolveRunOptions.js');
    const { runExperiment } = await import('../../src/run/runExperiment.js');
    const { liveReportWriter } = await import('../../src/cli/liveReportWriter.js');
    const dir = join(tempDir(), 'live');
    const live = liveReportWriter(dir, () => {});
    const pages: string[] = [];
    const options = resolveRunOptions({
      data: { dataset: 'synthetic' },
      model: { name: 'mlp' },
      // The test is about the epochs, not the steps or the backend: 5 steps an epoch on wasm (3x less CPU than on cpu).
      optimiser: { epochs: 2, batchSize: 512 },
      compute: { backend: 'wasm' },
      output: { out: dir },
    });
    await runExperiment(options, {
      log: () => {},
      progressBar: false,
      onEpoch: async (snapshot) => {
        await live.onEpoch(snapshot);
        pages.push(readFileSync(live.path, 'utf8'));
      },
    });
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('<title>live: training, epoch 1 of 2 (synthetic)</title>');
    expect(pages[1]).toContain('<title>live: training, epoch 2 of 2 (synthetic)</title>');
    expect(pages.every((p) => p.includes('<meta http-equiv="refresh" content="10">'))).toBe(true);
  });
});
