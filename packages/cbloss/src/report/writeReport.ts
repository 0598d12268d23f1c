import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CblossError } from '../CblossError.js';

/**
 * Writes a report (HTML or any text) atomically: the text goes to a temporary file in the same directory,
 * which is then renamed over `path`, so that a reader never sees a half-written page. Creates the parent
 * directory if needed. Synchronous, so that a CLI can call it without awaiting.
 *
 * Throws `CblossError('invalid-argument')` for an empty path or a non-string `html`; file-system errors
 * (permissions, a directory in the way) are rethrown as `CblossError('invalid-file')` naming the path.
 *
 * @example
 * writeReport('runs/demo/report.html', await renderRunReport(runs));
 */
export function writeReport(path: string, html: string): void {
  if (typeof path !== 'string' || path.length === 0) {
    throw new CblossError('invalid-argument', `writeReport: 'path' must be a non-empty string; got ${JSON.stringify(path)}.`);
  }
  if (typeof html !== 'string') {
    throw new CblossError('invalid-argument', `writeReport: 'html' must be a string; got ${typeof html}.`);
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, html, 'utf8');
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new CblossError('invalid-file', `writeReport: 'path' must be a writable file path; got ${JSON.stringify(path)} (${reason}).`);
  }
}
