import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { CblossError } from '../CblossError.js';

const IDX_LABELS_MAGIC = 0x00000801; // unsigned byte, 1 dimension

function fail(path: string, rule: string, got: string): never {
  throw new CblossError('invalid-file', `readLabelsFile: '${path}' must ${rule}; got ${got}.`);
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

/** The delimiter of a labels table: the first of `,` tab `;` space found in its first data line; `,` for one column. */
function delimiterOf(text: string): string {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#')) ?? '';
  return [',', '\t', ';', ' '].find((d) => first.trim().includes(d)) ?? ',';
}

const INTEGER_LABEL = /^[-+]?\d+(\.0*)?$/;

function parseTextLabels(path: string, text: string): Int32Array {
  const delimiter = delimiterOf(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns { record, info } objects; its typings do not model that overload.
    records = parse(text, {
      delimiter,
      bom: true,
      comment: '#',
      skip_empty_lines: true,
      trim: delimiter !== ' ',
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    fail(path, 'be valid CSV or one label per line', `'${(error as Error).message}'`);
  }
  if (delimiter === ' ') records = records.map((r) => ({ ...r, record: r.record.filter((field) => field !== '') }));
  if (records.length === 0) fail(path, 'contain at least one label', 'an empty file');
  const header = records[0]?.record ?? [];
  const hasHeader = header.some((field) => !INTEGER_LABEL.test(field));
  const labelIndex = hasHeader && header.includes('label') ? header.indexOf('label') : undefined;
  const body = hasHeader ? records.slice(1) : records;
  const labels = new Int32Array(body.length);
  body.forEach(({ record, info }, i) => {
    const field = record[labelIndex ?? record.length - 1] ?? '';
    const value = INTEGER_LABEL.test(field) ? Number(field) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 0) {
      fail(path, 'hold non-negative integer labels', `'${field}' on line ${info.lines}`);
    }
    labels[i] = value;
  });
  if (labels.length === 0) fail(path, 'contain at least one label', 'only a header');
  return labels;
}

/**
 * Reads class labels from a file: an IDX1 labels file (e.g. `train-labels-idx1-ubyte`, raw or gzipped, as
 * MNIST/Fashion-MNIST ship them), or a text/CSV file with one integer label per line (blank lines and `#`
 * comments skipped; with several columns, the `label` column of a header line, else the last column). Tables are
 * parsed with csv-parse (quoted headers and quoted commas work); the delimiter is the first of `,` tab `;` space
 * found on the first line.
 *
 * @throws CblossError 'not-found' for a missing file, 'invalid-file' (naming the file) for a bad header, a
 * truncated IDX file or a non-integer/negative label.
 *
 * @example
 * readLabelsFile('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz').length; // 60000
 */
export function readLabelsFile(path: string): Int32Array {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) {
    throw new CblossError('not-found', `weights: '--labels' must name an existing file; got '${path}'.`);
  }
  if (!info.isFile()) {
    throw new CblossError('invalid-file', `weights: '--labels' must name a file; got '${path}' (${info.isDirectory() ? 'a directory' : 'not a regular file'}).`);
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
