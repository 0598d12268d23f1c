import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types.js';
import { runCli } from './runCli.js';

const bin = fileURLToPath(new URL('../../bin/cbloss.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
const root = mkdtempSync(join(tmpdir(), 'cbloss-sigint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Spawns the real CLI and sends SIGINT once stderr matches `when`; resolves with the exit code and stderr. */
function runAndInterrupt(args: readonly string[], when: RegExp): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (!sent && when.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe.skipIf(!built)('Ctrl-C (needs the built dist/)', () => {
  it('stops the bin with exit 130 and a resume hint; --resume then finishes the run', async () => {
    const out = join(root, 'run');
    const args = ['train', '--dataset', 'synthetic', '--model', 'mlp', '--epochs', '3', '--batch-size', '32', '--backend', 'cpu', '--out', out];
    const { code, stderr } = await runAndInterrupt(args, /epoch 1\/3 +loss/);
    expect(stderr).toContain('interrupted: stopping after the current step');
    expect(stderr).toMatch(/cbloss: training interrupted after \d+ epoch/);
    expect(stderr).toContain(`cbloss train --out ${out} --resume`);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(code).toBe(130);
    expect(existsSync(join(out, 'results.json'))).toBe(false);

    const resumed = await runCli(['train', '--out', out, '--resume']);
    expect(resumed.stderr).toMatch(/resuming .* with its saved options/);
    expect(resumed.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(results.options).toMatchObject({ data: { dataset: 'synthetic' }, model: { name: 'mlp' }, optimiser: { epochs: 3, batchSize: 32 } });
    expect(results.history).toHaveLength(3);
  });
});
