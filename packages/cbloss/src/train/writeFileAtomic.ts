import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** What {@link writeFileAtomic} can write: text, bytes, or a (possibly async) sequence of byte chunks. */
export type AtomicData = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Writes a file so that readers — and a later run after a crash or Ctrl-C — see either the old content or the
 * complete new content, never a partial file: the data goes to a temporary file in the same directory
 * (`.NAME.tmp-PID-RANDOM`), is flushed to disk (`fsync`), then renamed over `path` (atomic on POSIX within one file
 * system), and the directory is synced so the rename itself survives a power cut. If writing fails the temporary
 * file is removed and the error rethrown; `path` is untouched.
 *
 * @example
 * await writeFileAtomic('run/results.json', JSON.stringify(results, null, 2));
 * await writeFileAtomic('run/weights.bin', [header, body]); // chunks, written in order
 */
export async function writeFileAtomic(path: string, data: AtomicData): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(tmp, 'w');
  try {
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) {
        await handle.writeFile(data);
      } else {
        for await (const chunk of data) await handle.writeFile(chunk);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Best effort: some platforms (Windows) cannot open a directory for fsync.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignored
  }
}
