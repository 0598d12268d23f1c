import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_DEFAULT_DIR, loadIdxDataset } from '../../src/data/loadIdxDataset.js';
import { idxBytes, put, tempDir } from './tempDir.js';

/** A tiny MNIST-like directory: `n` train and `m` test 2x3 images whose pixels encode (index, label). */
function fakeMnist(options: { gzip?: boolean; trainLabels?: number[]; testDims?: number[] } = {}): string {
  const dir = tempDir();
  const trainLabels = options.trainLabels ?? [3, 1, 4, 1, 5];
  const testLabels = [9, 2];
  const enc = (b: Uint8Array): Uint8Array => (options.gzip ? gzipSync(b) : b);
  const ext = options.gzip ? '.gz' : '';
  const images = (n: number, dims = [n, 2, 3]): Uint8Array =>
    idxBytes(dims, Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => i % 256));
  put(dir, `train-images-idx3-ubyte${ext}`, enc(images(trainLabels.length)));
  put(dir, `train-labels-idx1-ubyte${ext}`, enc(idxBytes([trainLabels.length], trainLabels)));
  put(dir, `t10k-images-idx3-ubyte${ext}`, enc(images(2, options.testDims)));
  put(dir, `t10k-labels-idx1-ubyte${ext}`, enc(idxBytes([2], testLabels)));
  return dir;
}

describe('loadIdxDataset', () => {
  it.each([false, true])('loads a small MNIST directory (gzip %s)', (gzip) => {
    const dir = fakeMnist({ gzip });
    const ds = loadIdxDataset('mnist', dir);
    expect(ds.kind).toBe('image');
    expect(ds.sampleShape).toEqual([2, 3, 1]);
    expect(ds.numClasses).toBe(10);
    expect(ds.classNames[7]).toBe('7');
    expect(ds.train.count).toBe(5);
    expect(Array.from(ds.train.labels)).toEqual([3, 1, 4, 1, 5]);
    expect(Array.from(ds.train.x.subarray(6, 12))).toEqual([6, 7, 8, 9, 10, 11]);
    expect(Array.from(ds.test.labels)).toEqual([9, 2]);
    expect(ds.source).toBe(dir);
  });

  it('uses Fashion-MNIST class names', () => {
    const ds = loadIdxDataset('fashion-mnist', fakeMnist());
    expect(ds.classNames[0]).toBe('T-shirt/top');
    expect(ds.classNames[9]).toBe('Ankle boot');
  });

  it('rejects a label out of range, naming the labels file', () => {
    const dir = fakeMnist({ trainLabels: [3, 1, 10] });
    expect(() => loadIdxDataset('mnist', dir)).toThrow(
      expect.objectContaining({ code: 'invalid-file', message: expect.stringMatching(/train-labels-idx1-ubyte' must hold labels in \[0, 10\); got 10 at index 2/) }),
    );
  });

  it('rejects image and label counts that disagree', () => {
    const dir = fakeMnist();
    put(dir, 'train-labels-idx1-ubyte', idxBytes([4], [1, 2, 3, 4]));
    expect(() => loadIdxDataset('mnist', dir)).toThrow(/must hold 5 labels, one per image.*got 4/);
  });

  it('rejects an images file with 0 images, naming it', () => {
    const dir = fakeMnist();
    const path = put(dir, 't10k-images-idx3-ubyte', idxBytes([0, 2, 3], []));
    put(dir, 't10k-labels-idx1-ubyte', idxBytes([0], []));
    expect(() => loadIdxDataset('mnist', dir)).toThrow(`loadIdxDataset: file '${path}' must hold at least one image; got 0 images (dims [0, 2, 3]).`);
  });

  it('rejects test images of another size', () => {
    expect(() => loadIdxDataset('mnist', fakeMnist({ testDims: [2, 3, 2] }))).toThrow(/training image size 2x3x1; got 3x2x1/);
  });

  it('says where to get MNIST when no dataDir is given, and names missing files', () => {
    expect(() => loadIdxDataset('mnist')).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringMatching(/'dataDir' must be given for 'mnist' \(no Debian package/) }));
    expect(() => loadIdxDataset('mnist', tempDir())).toThrow(/must contain train-images-idx3-ubyte\[\.gz\]/);
    expect(() => loadIdxDataset('mnist', '/nonexistent/mnist')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it.skipIf(!existsSync(`${FASHION_MNIST_DEFAULT_DIR}/train-images-idx3-ubyte.gz`))(
    'loads the real Fashion-MNIST from the Debian package (60000/10000, 28x28x1, 6000 per class)',
    () => {
      const ds = loadIdxDataset('fashion-mnist');
      expect(ds.sampleShape).toEqual([28, 28, 1]);
      expect(ds.train.count).toBe(60000);
      expect(ds.test.count).toBe(10000);
      expect(ds.train.x.length).toBe(60000 * 784);
      const counts = new Array(10).fill(0);
      for (const l of ds.train.labels) counts[l]++;
      expect(counts).toEqual(new Array(10).fill(6000));
    },
  );
});
