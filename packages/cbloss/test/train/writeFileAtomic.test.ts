import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/train/writeFileAtomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbloss-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes text, bytes and chunks (in order), replacing the old file', async () => {
    const path = join(dir, 'a.bin');
    await writeFileAtomic(path, 'hello');
    expect(await readFile(path, 'utf8')).toBe('hello');
    await writeFileAtomic(path, [new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5, 6])]);
    expect(Array.from(await readFile(path))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await readdir(dir)).toEqual(['a.bin']);
  });

  it('leaves the old content and no temporary file when writing fails half-way', async () => {
    const path = join(dir, 'results.json');
    await writeFile(path, '{"old":true}');
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('{"new":');
      throw new Error('disk on fire');
    }
    await expect(writeFileAtomic(path, failing())).rejects.toThrow('disk on fire');
    expect(await readFile(path, 'utf8')).toBe('{"old":true}');
    expect(await readdir(dir)).toEqual(['results.json']);
  });

  it('never exposes a partial file when the process is killed mid-write', async () => {
    // A child process starts writing big chunks and is SIGKILLed after the first one: the target keeps its
    // old content (the half-written data is only in a temporary file).
    const distModule = fileURLToPath(new URL('../../dist/train/writeFileAtomic.js', import.meta.url));
    if (!existsSync(distModule)) return expect.fail('build first: npx tsc -b packages/cbloss');
    const path = join(dir, 'weights.bin');
    await writeFile(path, 'old');
    const script = `
      const { writeFileAtomic } = await import(${JSON.stringify(distModule)});
      async function* chunks() {
        yield new Uint8Array(1 << 20).fill(7);
        process.stdout.write('first chunk\\n');
        await new Promise(() => setInterval(() => {}, 1000)); // hang here until killed
      }
      await writeFileAtomic(${JSON.stringify(path)}, chunks());`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await readFile(path, 'utf8')).toBe('old');
    const leftovers = (await readdir(dir)).filter((f) => f !== 'weights.bin');
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/^\.weights\.bin\.tmp-\d+-[0-9a-f]{8}$/);
  });
});
