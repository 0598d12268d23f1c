import { describe, expect, it } from 'vitest';
import { loadImageFolder } from '../../src/data/loadImageFolder.js';
import { jpegBytes, pngBytes, solid } from './imageFiles.js';
import { put, tempDir } from './tempDir.js';

const red = solid(4, 3, [255, 0, 0, 255]);
const gray = (v: number): Uint8Array => solid(4, 3, [v, v, v, 255]);

describe('loadImageFolder', () => {
  it('reads PNG and JPEG in sorted class order, RGB when any image has colour', () => {
    const root = tempDir();
    put(root, 'train/zebra/1.png', pngBytes(4, 3, red));
    put(root, 'train/ant/b.jpg', jpegBytes(4, 3, gray(128)));
    put(root, 'train/ant/a.PNG', pngBytes(4, 3, gray(10)));
    put(root, 'train/ant/notes.txt', 'ignored');
    put(root, 'train/.hidden/x.png', pngBytes(4, 3, red));
    put(root, 'test/ant/c.png', pngBytes(4, 3, gray(200)));
    put(root, 'test/zebra/.DS_Store', 'ignored');
    const ds = loadImageFolder(root);
    expect(ds.classNames).toEqual(['ant', 'zebra']);
    expect(ds.sampleShape).toEqual([3, 4, 3]);
    expect(ds.name).toBe(`folder:${root}`);
    expect(ds.train.count).toBe(3);
    expect(Array.from(ds.train.labels)).toEqual([0, 0, 1]); // a.PNG, b.jpg, then zebra
    expect(Array.from(ds.train.x.subarray(0, 3))).toEqual([10, 10, 10]);
    const jpegPixel = Array.from(ds.train.x.subarray(36, 39));
    for (const v of jpegPixel) expect(Math.abs(v - 128)).toBeLessThanOrEqual(2); // lossy
    expect(Array.from(ds.train.x.subarray(72, 75))).toEqual([255, 0, 0]);
    expect(ds.test.count).toBe(1);
    expect(Array.from(ds.test.labels)).toEqual([0]);
  });

  it('gives one channel when every image is gray, dropping alpha', () => {
    const root = tempDir();
    put(root, 'train/a/1.png', pngBytes(4, 3, solid(4, 3, [7, 7, 7, 0])));
    put(root, 'train/b/1.png', pngBytes(4, 3, gray(9)));
    put(root, 'test/a/1.png', pngBytes(4, 3, gray(11)));
    put(root, 'test/b/1.png', pngBytes(4, 3, gray(13)));
    const ds = loadImageFolder(root);
    expect(ds.sampleShape).toEqual([3, 4, 1]);
    expect(Array.from(ds.train.x)).toEqual([...new Array(12).fill(7), ...new Array(12).fill(9)]);
  });

  it('rejects images of different sizes without imageSize, naming both files', () => {
    const root = tempDir();
    const first = put(root, 'train/a/1.png', pngBytes(4, 3, red));
    const odd = put(root, 'test/a/2.png', pngBytes(2, 2, solid(2, 2, [1, 2, 3, 255])));
    expect(() => loadImageFolder(root)).toThrow(
      expect.objectContaining({
        code: 'shape-mismatch',
        message: `loadImageFolder: images must all be 3x4 like '${first}' when 'imageSize' is not given (pass imageSize to resize); got 2x2 for '${odd}'.`,
      }),
    );
  });

  it('resizes every image to imageSize [H, W] when given', () => {
    const root = tempDir();
    put(root, 'train/a/1.png', pngBytes(4, 3, red));
    put(root, 'test/a/2.png', pngBytes(2, 2, solid(2, 2, [1, 2, 3, 255])));
    const ds = loadImageFolder(root, { imageSize: [5, 6] });
    expect(ds.sampleShape).toEqual([5, 6, 3]);
    expect(ds.train.x.length).toBe(5 * 6 * 3);
    expect(Array.from(ds.test.x.subarray(-3))).toEqual([1, 2, 3]);
    expect(() => loadImageFolder(root, { imageSize: [0, 6] })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });

  it('rejects a corrupt image, naming it', () => {
    const root = tempDir();
    put(root, 'train/a/1.png', pngBytes(4, 3, red));
    const bad = put(root, 'train/a/2.png', pngBytes(4, 3, red).subarray(0, 40));
    put(root, 'test/a/3.png', 'not an image at all');
    expect(() => loadImageFolder(root)).toThrow(expect.objectContaining({ code: 'invalid-file', message: expect.stringContaining(`file '${bad}' must be a valid PNG image`) }));
  });

  it('rejects non-image content with an image extension', () => {
    const root = tempDir();
    put(root, 'train/a/1.png', pngBytes(4, 3, red));
    const bad = put(root, 'test/a/3.jpg', 'GIF89a...');
    expect(() => loadImageFolder(root)).toThrow(`decodeImage: file '${bad}' must be a PNG (89504e47) or JPEG (ffd8ff) image; got magic bytes 0x47494638.`);
  });

  it('rejects mismatched class sets, empty training classes and missing splits', () => {
    const root = tempDir();
    put(root, 'train/a/1.png', pngBytes(4, 3, red));
    put(root, 'train/b/1.png', pngBytes(4, 3, red));
    expect(() => loadImageFolder(root)).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringMatching(/must contain a 'test' directory/) }));
    put(root, 'test/a/1.png', pngBytes(4, 3, red));
    expect(() => loadImageFolder(root)).toThrow(/same class directories as train \[a, b\]; got \[a\]/);
    put(root, 'test/b/1.png', pngBytes(4, 3, red));
    put(root, 'train/c/readme.txt', 'no images');
    put(root, 'test/c/1.png', pngBytes(4, 3, red));
    expect(() => loadImageFolder(root)).toThrow(/train\/c' must hold at least one \.png\/\.jpg\/\.jpeg image; got none/);
  });
});
