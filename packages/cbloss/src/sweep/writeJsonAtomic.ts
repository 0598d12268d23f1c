import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `value` as pretty JSON to `path` atomically: the text goes to a temporary file in the same directory,
 * is flushed to disk (fsync), then renamed over `path`, so a crash leaves either the old file or the new one,
 * never a partial file.
 *
 * @example
 * writeJsonAtomic('runs/sweep/sweep.json', sweepResults);
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
