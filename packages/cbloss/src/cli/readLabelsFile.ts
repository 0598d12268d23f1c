import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { CbLossError } from 'class-balanced-loss';

const IDX_LABELS_MAGIC = 0x00000801; // unsigned byte, 1 dimension

function fail(path: string, rule: string, got: string): never {
  throw new CbLossError('invalid-file', `readLabelsFile: '${path}' must ${rule}; got ${got}.`);
}

function readIdxLabels(path: string, bytes: Uint8Array): Int32Array {
  if (bytes.length < 8) fail(path, 'have an 8-byte IDX header', `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== IDX_LABELS_MAGIC) {
    fail(path, `start with the IDX1 unsigned-byte magic number 0x00000801`, `0x${magic.toString(16).padStart(8, '0')}`);
  }
  const count = view.getUint32(4);
  if (bytes.length !== 8 + count) fail(path, `hold ${count} labels after the header (${8 + count} bytes)`, `${bytes.length} bytes`);
  return Int32Array.from(bytes.subarray(8));
}

function parseTextLabels(path: string, text: string): Int32Array {
  const rows = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s*[,;\t ]\s*/));
  if (rows.length === 0) fail(path, 'contain at least one label', 'an empty file');
  const header = rows[0] ?? [];
  const hasHeader = header.some((field) => !/^[-+]?\d+(\.0*)?$/.test(field));
  const labelIndex = hasHeader && header.includes('label') ? header.indexOf('label') : undefined;
  const labels = new Int32Array(rows.length - (hasHeader ? 1 : 0));
  for (let r = hasHeader ? 1 : 0, i = 0; r < rows.length; r++, i++) {
    const row = rows[r] ?? [];
    const field = row[labelIndex ?? row.length - 1] ?? '';
    const value = Number(field);
    if (!Number.isSafeInteger(value) || value < 0) {
      fail(path, 'hold non-negative integer labels', `'${field}' on data line ${i + 1}`);
    }
    labels[i] = value;
  }
  if (labels.length === 0) fail(path, 'contain at least one label', 'only a header');
  return labels;
}

/**
 * Reads class labels from a file: an IDX1 labels file (e.g. `train-labels-idx1-ubyte`, raw or gzipped, as
 * MNIST/Fashion-MNIST ship them), or a text/CSV file with one integer label per line (blank lines and `#`
 * comments skipped; with several columns, the `label` column of a header line, else the last column).
 *
 * @throws CbLossError 'not-found' for a missing file, 'invalid-file' (naming the file) for a bad header, a
 * truncated IDX file or a non-integer/negative label.
 *
 * @example
 * readLabelsFile('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz').length; // 60000
 */
export function readLabelsFile(path: string): Int32Array {
  if (!existsSync(path)) {
    throw new CbLossError('not-found', `readLabelsFile: '--labels' must name an existing file; got '${path}'.`);
  }
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      fail(path, 'be a complete gzip file', `'${(error as Error).message}'`);
    }
  }
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0) return readIdxLabels(path, bytes);
  return parseTextLabels(path, new TextDecoder().decode(bytes));
}
