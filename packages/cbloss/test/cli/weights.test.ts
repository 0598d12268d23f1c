import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { classBalancedWeights, effectiveNumbers } from 'class-balanced-loss';
import { isOneLine, runCli } from './runCli.js';

const PAPER_COUNTS = [5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50]; // CIFAR-10, IF 100
const dir = mkdtempSync(join(tmpdir(), 'cbloss-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function idxLabels(labels: readonly number[]): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(0x00000801, 0);
  header.writeUInt32BE(labels.length, 4);
  return Buffer.concat([header, Buffer.from(labels)]);
}

describe('cbloss weights', () => {
  it('--json equals the library, weights sum to C', async () => {
    const { code, stdout, stderr } = await runCli(['weights', '--counts', PAPER_COUNTS.join(','), '--beta', '0.9999', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { weights: number[]; effectiveNumbers: number[]; samplesPerClass: number[]; sum: number; beta: number };
    expect(out.beta).toBe(0.9999);
    expect(out.samplesPerClass).toEqual(PAPER_COUNTS);
    expect(out.weights).toEqual(classBalancedWeights(PAPER_COUNTS, 0.9999));
    expect(out.effectiveNumbers).toEqual(effectiveNumbers(PAPER_COUNTS, 0.9999));
    expect(out.sum).toBeCloseTo(10, 12);
  });

  it('prints a table with one row per class and the sum', async () => {
    const { code, stdout } = await runCli(['weights', '--counts', '100,10', '--beta', '0.99']);
    expect(code).toBe(0);
    const w = classBalancedWeights([100, 10], 0.99);
    const e = effectiveNumbers([100, 10], 0.99);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('β = 0.99');
    expect(lines[1]).toMatch(/^\| class \| +n \| +E_n \| +weight \|$/);
    const cells = (line: string | undefined): string[] => (line ?? '').split('|').slice(1, -1).map((c) => c.trim());
    expect(cells(lines[3])).toEqual(['0', '100', e[0]?.toFixed(2), w[0]?.toFixed(4)]);
    expect(cells(lines[4])).toEqual(['1', '10', e[1]?.toFixed(2), w[1]?.toFixed(4)]);
    expect(lines[5]).toMatch(/^\|\s+sum \|\s+110 \|\s+\| 2\.0000 \|$/);
  });

  it('uses β = 0.9999 by default', async () => {
    const { stdout } = await runCli(['weights', '--counts', '100,10', '--json']);
    expect((JSON.parse(stdout) as { beta: number }).beta).toBe(0.9999);
  });

  it('counts the labels of a text file, a CSV with a header and an IDX file (raw and gzip)', async () => {
    const labels = [0, 0, 0, 1, 2, 2];
    writeFileSync(join(dir, 'labels.txt'), `${labels.join('\n')}\n`);
    writeFileSync(join(dir, 'labels.csv'), `x,label,y\n${labels.map((l) => `0.5,${l},1`).join('\n')}\n`);
    writeFileSync(join(dir, 'labels-idx1-ubyte'), idxLabels(labels));
    writeFileSync(join(dir, 'labels-idx1-ubyte.gz'), gzipSync(idxLabels(labels)));
    for (const file of ['labels.txt', 'labels.csv', 'labels-idx1-ubyte', 'labels-idx1-ubyte.gz']) {
      const { code, stdout, stderr } = await runCli(['weights', '--labels', join(dir, file), '--beta', '0.9', '--json']);
      expect(stderr, file).toBe('');
      expect(code, file).toBe(0);
      const out = JSON.parse(stdout) as { samplesPerClass: number[]; weights: number[] };
      expect(out.samplesPerClass, file).toEqual([3, 1, 2]);
      expect(out.weights, file).toEqual(classBalancedWeights([3, 1, 2], 0.9));
    }
  });

  it('a class with no sample: an error by default, weight 0 with --zero-count zero-weight', async () => {
    const failed = await runCli(['weights', '--counts', '10,0,5']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe("cbloss: weights: '--counts' must give every class a sample, or pass --zero-count zero-weight; got 0 for class 1.\n");
    const ok = await runCli(['weights', '--counts', '10,0,5', '--zero-count', 'zero-weight', '--json']);
    expect(ok.code).toBe(0);
    const weights = (JSON.parse(ok.stdout) as { weights: number[] }).weights;
    expect(weights[1]).toBe(0);
    expect(weights).toEqual(classBalancedWeights([10, 0, 5], 0.9999, { zeroCount: 'zero-weight' }));
  });

  it.each([
    [['--counts', '10,5', '--beta', '1.5'], /^cbloss: weights: '--beta' must be in \[0, 1\]; got 1\.5\.$/m],
    [['--counts', '10,5', '--beta', 'high'], /'--beta' must be a number; got 'high'/],
    [['--counts', '10,x,5'], /'--counts' must be a number; got 'x'/],
    [['--counts', '10,,5'], /'--counts' must be a comma-separated list/],
    [['--counts', '10,2.5'], /'--counts' must be an integer; got '2.5'/],
    [['--counts', '10,-5'], /^cbloss: weights: '--counts' must give counts >= 0; got -5 for class 1\.$/m],
    [[], /exactly one of '--counts' and '--labels' must be given; got neither/],
    [['--counts', '1', '--labels', 'x'], /got both/],
    [['--counts', '10,5', '--zero-count', 'zero-weigth'], /did you mean 'zero-weight'/],
  ])('usage error %j → one line on stderr, exit 2', async (args, message) => {
    const { code, stdout, stderr } = await runCli(['weights', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(isOneLine(stderr), stderr).toBe(true);
    expect(stderr).toMatch(message);
  });

  it('a missing or corrupt labels file → one line naming the file, exit 1', async () => {
    const missing = await runCli(['weights', '--labels', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(1);
    expect(isOneLine(missing.stderr)).toBe(true);
    expect(missing.stderr).toContain('nope.txt');

    const truncated = idxLabels([0, 1, 2, 3]).subarray(0, 10);
    writeFileSync(join(dir, 'short-idx1-ubyte'), truncated);
    const bad = await runCli(['weights', '--labels', join(dir, 'short-idx1-ubyte')]);
    expect(bad.code).toBe(1);
    expect(isOneLine(bad.stderr)).toBe(true);
    expect(bad.stderr).toContain('short-idx1-ubyte');
    expect(bad.stderr).toContain('hold 4 labels');

    const magic = idxLabels([0, 1]);
    magic.writeUInt32BE(0x00000803, 0);
    writeFileSync(join(dir, 'images-idx3-ubyte'), magic);
    const wrongMagic = await runCli(['weights', '--labels', join(dir, 'images-idx3-ubyte')]);
    expect(wrongMagic.code).toBe(1);
    expect(wrongMagic.stderr).toMatch(/magic number 0x00000801; got 0x00000803/);

    writeFileSync(join(dir, 'words.txt'), 'cat\ndog\n');
    const words = await runCli(['weights', '--labels', join(dir, 'words.txt')]);
    expect(words.code).toBe(1);
    expect(isOneLine(words.stderr)).toBe(true);

    writeFileSync(join(dir, 'bad.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    const gz = await runCli(['weights', '--labels', join(dir, 'bad.gz')]);
    expect(gz.code).toBe(1);
    expect(isOneLine(gz.stderr)).toBe(true);
    expect(gz.stderr).toContain('bad.gz');
  });
});
