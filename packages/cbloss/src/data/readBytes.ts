import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileError } from './fileError.js';
import { CblossError } from '../CblossError.js';

/**
 * Reads a whole file into memory, transparently decompressing it when it starts with the gzip magic
 * bytes `1f 8b` (whatever its extension).
 *
 * Errors: a missing file gives `not-found`; a corrupt or truncated gzip stream gives `invalid-file`, both
 * naming `fn` and the path.
 *
 * @example
 * const bytes = readBytes('readIdx', '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz');
 * bytes.length; // 10008 (decompressed)
 */
export function readBytes(fn: string, path: string): Uint8Array {
  let raw: Buffer;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    raw = readFileSync(path);
  } catch {
    throw new CblossError('not-found', `${fn}: file '${path}' must exist and be readable; got no such file.`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      const out = gunzipSync(raw);
      return new Uint8Array(out.buffer, out.byteOffset, out.length);
    } catch (e) {
      throw fileError(fn, path, 'be a complete gzip stream', `'${(e as Error).message}'`);
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}
