import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types.js';
import { createRng } from '../../src/util/rng.js';
import { main } from '../../src/cli/main.js';
import { isOneLine, runCli } from '../cli/runCli.js';

const root = mkdtempSync(join(tmpdir(), 'cbloss-demo-'));
const dataDir = join(root, 'fashion-mnist-tiny');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function idx(magic: number, dims: readonly number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/** A tiny Fashion-MNIST look-alike: 28x28 images whose class is a bright horizontal band at row 2c. */
function writeTinyFashionMnist(dir: string, perClassTrain: number, perClassTest: number): void {
  mkdirSync(dir, { recursive: true });
  const rng = createRng(5);
  for (const [prefix, perClass] of [['train', perClassTrain], ['t10k', perClassTest]] as const) {
    const count = perClass * 10;
    const images = new Uint8Array(count * 28 * 28);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const label = i % 10;
      labels[i] = label;
      for (let p = 0; p < 28 * 28; p++) {
        const row = Math.floor(p / 28);
        images[i * 784 + p] = Math.min(255, (Math.abs(row - (2 * label + 4)) <= 1 ? 200 : 20) + Math.floor(rng.next() * 40));
      }
    }
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte`), idx(0x803, [count, 28, 28], images));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte`), idx(0x801, [count], labels));
  }
}

beforeAll(() => writeTinyFashionMnist(dataDir, 100, 10));

describe('cbloss demo', () => {
  it('trains softmax and class-balanced softmax, prints both tables and writes the report', async () => {
    const out = join(root, 'demo');
    const { code, stdout, stderr } = await runCli(['demo', '--out', out, '--data-dir', dataDir, '--epochs', '1', '--backend', 'auto']);
    expect(stderr).not.toMatch(/unexpected error/);
    expect(code).toBe(0);
    expect(stderr).toMatch(/demo: backend \w+, 1 epoch per run/);
    const plain = JSON.parse(readFileSync(join(out, 'softmax', 'results.json'), 'utf8')) as RunResults;
    const balanced = JSON.parse(readFileSync(join(out, 'cb-softmax', 'results.json'), 'utf8')) as RunResults;
    expect(plain.options).toMatchObject({ loss: { method: 'softmax', beta: 0 }, data: { imbalanceFactor: 100 }, model: { name: 'cnn' }, optimiser: { epochs: 1 } });
    expect(balanced.options).toMatchObject({ loss: { method: 'softmax', beta: 0.9999 }, data: { imbalanceFactor: 100 }, model: { name: 'cnn' }, optimiser: { epochs: 1 } });
    // IF 100 on 100 images per class: 100 → 1.
    expect(plain.samplesPerClass[0]).toBe(100);
    expect(plain.samplesPerClass[9]).toBe(1);
    expect(balanced.samplesPerClass).toEqual(plain.samplesPerClass);
    expect(balanced.classWeights[9]).toBeGreaterThan(balanced.classWeights[0] ?? Infinity);
    expect(stdout).toContain('| softmax ');
    expect(stdout).toContain('| CB softmax ');
    expect(stdout).toContain('Ankle boot');
    expect(stdout).toContain(`report: ${join(out, 'report.html')}`);
    expect(existsSync(join(out, 'report.html'))).toBe(true);

    // `cbloss report` on the demo directory (a directory of runs) renders both runs again.
    rmSync(join(out, 'report.html'));
    const report = await runCli(['report', out]);
    expect(report.code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    // The runs are named by their directories (issue 12: never 'softmax #2'); the class-balanced one shows its β.
    expect(html).toContain('<title>cb-softmax vs softmax on fashion-mnist (imbalance factor 100)</title>');
    expect(html).toContain('0.9999');
  });

  it('Ctrl-C stops the demo with a hint to resume the demo; --resume finishes it', async () => {
    const out = join(root, 'demo-interrupted');
    const args = ['demo', '--out', out, '--data-dir', dataDir, '--epochs', '3', '--backend', 'auto'];
    let stderr = '';
    let sent = false;
    const code = await main(args, {
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
        if (!sent && /epoch 1\/3 +loss/.test(stderr)) {
          sent = true;
          process.emit('SIGINT'); // what Ctrl-C delivers to the CLI's handler
        }
      },
    });
    expect(code).toBe(130);
    expect(stderr).toContain(`Resume with: cbloss demo --out ${out} --resume`);
    expect(existsSync(join(out, 'softmax', 'results.json'))).toBe(false);

    const resumed = await runCli([...args, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming .*softmax at epoch/);
    const plain = JSON.parse(readFileSync(join(out, 'softmax', 'results.json'), 'utf8')) as RunResults;
    expect(plain.history).toHaveLength(3);
    expect(existsSync(join(out, 'cb-softmax', 'results.json'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('a missing Fashion-MNIST is one line naming the directory, exit 1', async () => {
    const { code, stderr } = await runCli(['demo', '--out', join(root, 'x'), '--data-dir', join(root, 'absent'), '--backend', 'cpu']);
    expect(code).toBe(1);
    expect(isOneLine(stderr.split('\n').filter((l) => l.startsWith('cbloss:')).join('\n') + '\n')).toBe(true);
    expect(stderr).toContain(join(root, 'absent'));
  });
});
