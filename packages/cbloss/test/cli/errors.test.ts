import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CbLossError } from 'class-balanced-loss';
import { CBLOSS_ERROR_CODES, CblossError } from '../../src/CblossError.js';
import { reportError } from '../../src/cli/reportError.js';
import { TrainingInterruptedError } from '../../src/train/TrainingInterruptedError.js';
import { isOneLine, runCli } from './runCli.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('cbloss usage errors: one line on stderr, exit 2, never a stack trace', () => {
  it.each([
    [['trian'], /unknown command 'trian'.*train/],
    [['weights', '--count', '1,2'], /unknown option '--count'.*--counts/],
    [['train', '--loss', 'focall', '--out', 'x'], /did you mean 'focal'/i],
    [['train', '--model', 'resnet33', '--out', 'x'], /did you mean 'resnet32'/],
    [['train', '--backend', 'wsm', '--out', 'x'], /'--backend' must be one of auto, libtorch, wasm, cpu; got 'wsm' \(did you mean 'wasm'\?\)/],
    [['train', '--profile', 'exp', '--out', 'x'], /'--profile'/],
    [['train', '--epochs', 'ten', '--out', 'x'], /train: '--epochs' must be a number; got 'ten'\./],
    [['train', '--epochs', '2.5', '--out', 'x'], /train: '--epochs' must be an integer; got '2.5'\./],
    [['train', '--dataset', 'synthetic'], /'--out' must be given/],
    [['train', '--epochs'], /argument missing/],
    [['sweep', '--betas', '0,2'], /^cbloss: sweep: '--betas' must contain numbers in \[0, 1\]; got 2\.$/m],
    [['sweep', '--losses', 'focal', '--gammas', '1,-1'], /^cbloss: sweep: '--gammas' must contain values that are a finite number >= 0; got -1\.$/m],
    [['train', '--loss', 'softmax', '--gamma', '1', '--out', 'x'], /^cbloss: train: '--gamma' must be a parameter of the method 'softmax' \(it has none\); got 1\.$/m],
    [['train', '--loss', 'focal', '--gamma', '-2', '--out', 'x'], /^cbloss: train: '--gamma' must be a finite number >= 0; got -2\.$/m],
    [['train', '--epochs', '0', '--out', 'x'], /^cbloss: train: '--epochs' must be a positive integer; got 0\.$/m],
    [['train', '--epochs', '10', '--drw-epoch', '10', '--out', 'x'], /^cbloss: train: '--drw-epoch' must be an integer in \[0, '--epochs'\); got 10\.$/m],
    [['sweep', '--losses', 'softmax,sigmod'], /did you mean 'sigmoid'/i],
    [['sweep', '--seeds', '1,x'], /'--seeds' must be a number; got 'x'/],
    [['sweep', '--imbalance-factors', ''], /'--imbalance-factors' must be a comma-separated list/],
    [['demo', '--backend', 'cuda'], /'--backend' must be one of/],
    [['demo', '--epochs', 'many'], /demo: '--epochs' must be a number/],
    [['eval'], /missing required argument 'dir'/],
    [['report'], /missing required argument 'dir'/],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(stderr).toMatch(message);
    expect(isOneLine(stderr), stderr).toBe(true);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('no command prints the help on stderr and exits 2', async () => {
    const { code, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: cbloss');
  });

  it('a missing directory is a one-line error with exit 1', async () => {
    const { code, stderr } = await runCli(['report', '/nonexistent/cbloss-run']);
    expect(code).toBe(1);
    expect(isOneLine(stderr)).toBe(true);
    expect(stderr).toContain('/nonexistent/cbloss-run');
  });
});

describe('cbloss --version and --help', () => {
  it('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it.each(['weights', 'train', 'eval', 'sweep', 'report', 'demo'])('%s --help has its flags and examples', async (command) => {
    const { code, stdout, stderr } = await runCli([command, '--help']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: cbloss ${command}`);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain(`$ cbloss ${command}`);
  });

  it('the top-level help lists every command', async () => {
    const { stdout } = await runCli(['--help']);
    for (const command of ['weights', 'train', 'eval', 'sweep', 'report', 'demo']) expect(stdout).toContain(`  ${command}`);
  });
});

describe('reportError', () => {
  const capture = (): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; err: () => string } => {
    let err = '';
    return { io: { stdout: () => {}, stderr: (t) => void (err += t) }, err: () => err };
  };

  it('prints the stack of an unexpected error and returns 1', () => {
    const { io, err } = capture();
    expect(reportError(new TypeError('boom'), io)).toBe(1);
    expect(err()).toContain('unexpected error');
    expect(err()).toContain('TypeError: boom');
    expect(err()).toMatch(/\n\s+at /); // a stack frame
  });

  it("maps cbloss's CblossError and the library's CbLossError codes alike: usage → 2, files → 1, one line each", () => {
    expect([...CBLOSS_ERROR_CODES].sort()).toEqual(['invalid-argument', 'invalid-file', 'not-found', 'shape-mismatch', 'unknown-name']);
    for (const [code, exit] of [
      ['invalid-argument', 2],
      ['unknown-name', 2],
      ['shape-mismatch', 2],
      ['not-found', 1],
      ['invalid-file', 1],
    ] as const) {
      for (const error of [new CbLossError(code, 'f: x.'), new CblossError(code, 'f: x.')]) {
        const { io, err } = capture();
        expect(reportError(error, io)).toBe(exit);
        expect(err()).toBe('cbloss: f: x.\n');
      }
    }
  });

  it('an interrupted training prints where the checkpoint is and returns 130', () => {
    const { io, err } = capture();
    expect(reportError(new TrainingInterruptedError(3, 0, 'runs/x/checkpoint', 'cbloss train --out runs/x --resume'), io)).toBe(130);
    expect(isOneLine(err())).toBe(true);
    expect(err()).toContain('--resume');
  });
});
