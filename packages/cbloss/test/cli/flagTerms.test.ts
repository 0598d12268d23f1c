import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../data/tempDir.js';
import { isOneLine, runCli } from './runCli.js';

/**
 * Messages name what the user typed — the command and its flag — never a loader's argument (`'dataDir'`, `'path'`)
 * or a library function (`classBalancedWeights: 'samplesPerClass'`). Every case fails while loading the data, before
 * any training.
 */
async function expectLine(argv: readonly string[], exit: number, line: string): Promise<void> {
  const { code, stdout, stderr } = await runCli(argv);
  // sweep and compare name the cell they start on a line of their own before the error
  const last = stderr.slice(stderr.lastIndexOf('cbloss: '));
  expect(isOneLine(last), stderr).toBe(true);
  expect(last).toBe(`cbloss: ${line}\n`);
  expect(stderr).not.toMatch(/unexpected error|\n\s+at /);
  expect(stdout).toBe('');
  expect(code).toBe(exit);
}

const quick = ['--epochs', '1', '--backend', 'cpu'];

describe('dataset loaders through the CLI name --data-dir and --dataset', () => {
  it('train --dataset mnist without --data-dir; --out is not left behind', async () => {
    const out = join(tempDir(), 'run');
    await expectLine(
      ['train', '--dataset', 'mnist', ...quick, '--out', out],
      1,
      "train: '--data-dir' must be given for 'mnist' (no Debian package provides it; download the four IDX files from https://yann.lecun.com/exdb/mnist/ into a directory); got undefined.",
    );
    expect(existsSync(out)).toBe(false);
  });

  it('sweep --data-dir a directory that does not exist; the same command again says the same (no cell was started)', async () => {
    const missing = join(tempDir(), 'nothing-here');
    const out = join(tempDir(), 'sweep');
    const argv = ['sweep', '--dataset', 'fashion-mnist', '--data-dir', missing, ...quick, '--losses', 'softmax', '--betas', '0', '--out', out];
    const line = `sweep: '--data-dir' must be an existing directory; got '${missing}' (no such directory).`;
    await expectLine(argv, 1, line);
    expect(readdirSync(out)).toEqual([]); // the failed cell left no directory behind
    await expectLine(argv, 1, line);
  });

  it('compare --dataset cifar10 --data-dir a directory without the CIFAR files', async () => {
    const empty = tempDir();
    await expectLine(
      ['compare', '--dataset', 'cifar10', '--data-dir', empty, ...quick, '--methods', 'softmax', '--out', join(tempDir(), 'compare')],
      1,
      "compare: '--data-dir' must contain data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin " +
        `(or a 'cifar-10-batches-bin' directory holding them; from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz); got '${empty}'.`,
    );
  });

  it('train --dataset cifar100 without --data-dir', async () => {
    await expectLine(
      ['train', '--dataset', 'cifar100', ...quick, '--out', join(tempDir(), 'run')],
      1,
      "train: '--data-dir' must be given (cifar100 has no default location; extract https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz, which holds train.bin, test.bin); got undefined.",
    );
  });

  it('train --dataset csv:PATH that does not exist', async () => {
    const missing = join(tempDir(), 'iris.csv');
    await expectLine(
      ['train', '--dataset', `csv:${missing}`, ...quick, '--out', join(tempDir(), 'run')],
      1,
      `train: '--dataset' must be a CSV file or a directory with train.csv and test.csv; got '${missing}' (no such file).`,
    );
  });

  it('train --dataset folder:PATH without a test directory', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'train', 'cat'), { recursive: true });
    await expectLine(
      ['train', '--dataset', `folder:${root}`, ...quick, '--out', join(tempDir(), 'run')],
      1,
      `train: '--dataset' must contain a 'test' directory with one sub-directory per class; got '${root}'.`,
    );
  });
});

describe('weights names its own flags', () => {
  it('--counts with no class that has a sample, under --zero-count zero-weight', async () => {
    await expectLine(['weights', '--counts', '0,0', '--zero-count', 'zero-weight'], 2, "weights: '--counts' must give at least one class a sample; got [0, 0].");
  });
});
