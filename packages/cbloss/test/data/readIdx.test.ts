import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readIdx } from '../../src/data/readIdx.js';
import { idxBytes, put, tempDir } from './tempDir.js';

const data = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);

describe('readIdx', () => {
  it('reads a raw IDX file: dims and data', () => {
    const path = put(tempDir(), 'x-idx3-ubyte', idxBytes([2, 3, 4], data));
    const { dims, data: out } = readIdx(path);
    expect(dims).toEqual([2, 3, 4]);
    expect(Array.from(out)).toEqual(data);
  });

  it('reads the same file gzip-compressed, detected by magic bytes not by extension', () => {
    const dir = tempDir();
    const gz = gzipSync(idxBytes([2, 3, 4], data));
    for (const name of ['a.gz', 'no-extension']) {
      const { dims, data: out } = readIdx(put(dir, name, gz));
      expect(dims).toEqual([2, 3, 4]);
      expect(Array.from(out)).toEqual(data);
    }
  });

  it('with an expected rank, a file of another kind is "not an IDX file of images", not a truncated one', () => {
    // An images file whose magic says 4 dimensions: read blindly, its first 28x28 pixels became a 4th dimension.
    const bytes = idxBytes([100, 28, 28], new Uint8Array(100 * 28 * 28).fill(7));
    bytes[3] = 4;
    const path = put(tempDir(), 'train-images-idx3-ubyte', bytes);
    expect(() => readIdx(path)).toThrow(/truncated/); // what happened before
    expect(() => readIdx(path, 3)).toThrow(
      `readIdx: file '${path}' must start with the IDX magic number 0x00000803 (3 dimensions); got magic 0x00000804: not an IDX file of images.`,
    );
    const labels = put(tempDir(), 'train-labels-idx1-ubyte', idxBytes([2, 2], [1, 2, 3, 4]));
    expect(() => readIdx(labels, 1)).toThrow(/magic number 0x00000801 \(1 dimension\); got magic 0x00000802: not an IDX file of labels\./);
    expect(readIdx(labels, 2).dims).toEqual([2, 2]);
  });

  it('rejects a wrong magic number, naming the file', () => {
    const bytes = idxBytes([3], [1, 2, 3]);
    bytes[0] = 0x12;
    const path = put(tempDir(), 'bad-magic', bytes);
    expect(() => readIdx(path)).toThrow(expect.objectContaining({ code: 'invalid-file' }));
    expect(() => readIdx(path)).toThrow(`readIdx: file '${path}' must start with the IDX magic bytes 0x0000; got 0x12000801.`);
  });

  it('rejects unsupported data types (only unsigned bytes)', () => {
    const bytes = idxBytes([3], [1, 2, 3]);
    bytes[2] = 0x0d; // float
    expect(() => readIdx(put(tempDir(), 'f', bytes))).toThrow(/data type 0x08 \(unsigned byte\); got 0x0d/);
  });

  it('rejects truncated data and trailing bytes with the expected size', () => {
    const full = idxBytes([2, 3, 4], data);
    const dir = tempDir();
    expect(() => readIdx(put(dir, 'short', full.subarray(0, full.length - 1)))).toThrow(
      /must hold 24 data bytes for dims \[2, 3, 4\]; got 23 \(truncated\)/,
    );
    const long = new Uint8Array(full.length + 2);
    long.set(full);
    expect(() => readIdx(put(dir, 'long', long))).toThrow(/got 26 \(trailing bytes\)/);
  });

  it('rejects a header cut short and an empty file', () => {
    const dir = tempDir();
    expect(() => readIdx(put(dir, 'hdr', idxBytes([2, 3, 4], []).subarray(0, 10)))).toThrow(/16-byte header.*got 10 bytes/);
    expect(() => readIdx(put(dir, 'empty', new Uint8Array(0)))).toThrow(/4-byte IDX header; got 0 bytes/);
  });

  it('rejects a corrupt gzip stream as invalid-file, naming the file', () => {
    const gz = gzipSync(idxBytes([2, 3, 4], data));
    const path = put(tempDir(), 'cut.gz', gz.subarray(0, gz.length - 8));
    expect(() => readIdx(path)).toThrow(expect.objectContaining({ code: 'invalid-file', message: expect.stringContaining(path) }));
  });

  it('gives not-found for a missing file', () => {
    expect(() => readIdx('/nonexistent/x-idx1-ubyte')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
