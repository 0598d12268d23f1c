import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_BROKEN_PIPE, exitOnBrokenPipe } from '../../src/cli/exitOnBrokenPipe.js';

const bin = fileURLToPath(new URL('../../bin/cbloss.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/exitOnBrokenPipe.js', import.meta.url)));

/** An error as a closed pipe gives it. */
function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`write ${code}`), { code, errno: -32, syscall: 'write' });
}

describe('exitOnBrokenPipe', () => {
  it('exits with 141 on EPIPE from any of its streams, and rethrows other stream errors', () => {
    const out = new EventEmitter();
    const err = new EventEmitter();
    const exits: number[] = [];
    exitOnBrokenPipe([out, err], (code) => exits.push(code));
    out.emit('error', errnoError('EPIPE'));
    err.emit('error', errnoError('EPIPE'));
    expect(exits).toEqual([EXIT_BROKEN_PIPE, EXIT_BROKEN_PIPE]);
    expect(() => out.emit('error', errnoError('EIO'))).toThrow('write EIO');
    expect(exits).toHaveLength(2);
  });
});

describe.skipIf(!built)('the bin with its stdout closed early (needs the built dist/)', () => {
  it('cbloss compare --help into a closed pipe: no stack trace, exit 141', async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'compare', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the reader is gone before the first write, like `| head -0`
      let text = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => void (text += chunk));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, stderr: text }));
    });
    expect(stderr).toBe('');
    expect(code).toBe(EXIT_BROKEN_PIPE);
  });
});
