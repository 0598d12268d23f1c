import { readBytes } from './readBytes.js';
import { fileError } from './fileError.js';

/** The contents of an IDX file: its dimensions and its unsigned-byte data, row-major. */
export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

const hex = (bytes: Uint8Array, n: number): string =>
  '0x' + Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Reads an IDX file (the format of MNIST and Fashion-MNIST), raw or gzip-compressed (detected by the
 * magic bytes `1f 8b`, not by the extension).
 *
 * Format: bytes `00 00`, a type byte (only `08` = unsigned byte is supported), the number of
 * dimensions `d` (1..4), `d` big-endian uint32 sizes, then exactly `∏ sizes` data bytes.
 *
 * `rank`, when given, is the number of dimensions the caller expects (3 for images, 1 for labels): a file with
 * another magic number is refused as "not an IDX file of images/labels" before its dimensions are read.
 *
 * Errors (`CblossError`): `not-found` if the file is missing; `invalid-file` naming the file when the magic
 * number or type is wrong, the header is cut short, or the data is shorter or longer than the dimensions
 * say.
 *
 * @example
 * const { dims, data } = readIdx('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz');
 * dims;        // [10000, 28, 28]
 * data.length; // 7840000
 */
export function readIdx(path: string, rank?: number): IdxArray {
  const bytes = readBytes('readIdx', path);
  if (bytes.length < 4) throw fileError('readIdx', path, 'have a 4-byte IDX header', `${bytes.length} bytes`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw fileError('readIdx', path, 'start with the IDX magic bytes 0x0000', hex(bytes, 4));
  }
  if (bytes[2] !== 0x08) {
    throw fileError('readIdx', path, 'have IDX data type 0x08 (unsigned byte)', hex(bytes.subarray(2), 1));
  }
  // A file of another kind (labels for images, or any other format starting with two zero bytes) would otherwise
  // be read with wrong dimensions and reported as truncated.
  if (rank !== undefined && bytes[3] !== rank) {
    const magic = (r: number): string => `0x000008${r.toString(16).padStart(2, '0')}`;
    throw fileError('readIdx', path, `start with the IDX magic number ${magic(rank)} (${rank} dimension${rank === 1 ? '' : 's'})`, `magic ${hex(bytes, 4)}: not an IDX file of ${rank === 1 ? 'labels' : rank === 3 ? 'images' : `${rank} dimensions`}`);
  }
  const dimensions = bytes[3] ?? 0;
  if (dimensions < 1 || dimensions > 4) throw fileError('readIdx', path, 'have 1 to 4 dimensions', String(dimensions));
  const headerLength = 4 + 4 * dimensions;
  if (bytes.length < headerLength) {
    throw fileError('readIdx', path, `have a ${headerLength}-byte header for ${dimensions} dimensions`, `${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < dimensions; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerLength;
  if (actual !== expected) {
    const what = actual < expected ? 'truncated' : 'trailing bytes';
    throw fileError('readIdx', path, `hold ${expected} data bytes for dims [${dims.join(', ')}]`, `${actual} (${what})`);
  }
  // A copy, so that `data.buffer` is exactly the data (not the file's buffer with the header).
  return { dims, data: bytes.slice(headerLength) };
}
