import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RunOptionsError } from './RunOptionsError.js';

/**
 * Makes sure `dir` is a directory this process can write into, creating it (and its parents) if needed, so that
 * a bad output path fails at once with one clear line instead of a stack trace after minutes of training.
 * `fn` is the caller named in the message; the option is `output.out` (the CLI says `--out`, see `inFlagTerms`).
 *
 * Refused, as `RunOptionsError` ('invalid-argument'):
 * - `dir` is an existing file (`runExperiment: 'output.out' must be a directory; got 'notes.txt' (an existing file).`);
 * - a parent of `dir` is a file (`... got 'notes.txt/run' ('notes.txt' is a file).`);
 * - `dir` cannot be created or written (permission denied, read-only file system).
 *
 * @example
 * await prepareOutDir('runExperiment', 'runs/cb-softmax'); // creates runs/cb-softmax
 */
export async function prepareOutDir(fn: string, dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) throw outDirError(fn, dir, 'an existing file');
  if (existing === undefined) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw outDirError(fn, dir, await reasonOf(error, dir));
    }
  }
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outDirError(fn, dir, await reasonOf(error, dir));
  }
}

/**
 * The one-line error of an unusable output directory.
 *
 * @example
 * outDirError('runSweep', '/ro/sweep', 'permission denied').message;
 * // "runSweep: 'output.out' must be a writable directory; got '/ro/sweep' (permission denied)."
 */
export function outDirError(fn: string, dir: string, reason: string): RunOptionsError {
  const rule = reason === 'an existing file' || reason.endsWith('is a file') ? 'be a directory' : 'be a writable directory';
  return new RunOptionsError(fn, 'output.out', rule, dir, 'invalid-argument', ` (${reason})`);
}

/** Why `mkdir`/`access` failed, in words: a parent that is a file is named. */
async function reasonOf(error: unknown, dir: string): Promise<string> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const file = await firstFileAncestor(dir);
    return file === undefined ? 'a parent is not a directory' : `'${file}' is a file`;
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  return code ?? (error as Error).message;
}

async function firstFileAncestor(dir: string): Promise<string | undefined> {
  let found: string | undefined;
  for (let path = dirname(dir), previous = dir; path !== previous; previous = path, path = dirname(path)) {
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && !info.isDirectory()) found = path;
  }
  return found;
}
