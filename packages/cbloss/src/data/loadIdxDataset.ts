import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSplit, Dataset } from '../types.js';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from './classNames.js';
import { fileError } from './fileError.js';
import { readIdx } from './readIdx.js';
import { CblossError } from '../CblossError.js';
import { RunOptionsError } from '../run/RunOptionsError.js';

/** Where the Debian package `dataset-fashion-mnist` installs Fashion-MNIST. */
export const FASHION_MNIST_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

/** Finds `PREFIX-images-idx3-ubyte` (or `.idx3-ubyte`), with or without `.gz`, in `dir`. */
function findIdxFile(fn: string, dir: string, prefix: string, kind: 'images-idx3' | 'labels-idx1'): string {
  const [what, idx] = kind.split('-') as [string, string];
  const candidates = [`${prefix}-${what}-${idx}-ubyte`, `${prefix}-${what}.${idx}-ubyte`].flatMap((f) => [f, `${f}.gz`]);
  for (const name of candidates) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new CblossError(
    'not-found',
    `${fn}: directory '${dir}' must contain ${candidates[0]}[.gz]; got no such file.`,
  );
}

function readIdxSplit(fn: string, dir: string, prefix: 'train' | 't10k', numClasses: number): DataSplit & { shape: number[] } {
  const imagesPath = findIdxFile(fn, dir, prefix, 'images-idx3');
  const labelsPath = findIdxFile(fn, dir, prefix, 'labels-idx1');
  const images = readIdx(imagesPath, 3);
  const labels = readIdx(labelsPath, 1);
  if (images.dims.length !== 3) {
    throw fileError(fn, imagesPath, 'hold 3 dimensions [count, rows, columns]', `[${images.dims.join(', ')}]`);
  }
  if (labels.dims.length !== 1) {
    throw fileError(fn, labelsPath, 'hold 1 dimension [count]', `[${labels.dims.join(', ')}]`);
  }
  const [count, rows, cols] = images.dims as [number, number, number];
  if (count === 0) throw fileError(fn, imagesPath, 'hold at least one image', `0 images (dims [0, ${rows}, ${cols}])`);
  if (labels.dims[0] !== count) {
    throw fileError(fn, labelsPath, `hold ${count} labels, one per image of '${imagesPath}'`, String(labels.dims[0]));
  }
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i] ?? 0;
    if (label >= numClasses) {
      throw fileError(fn, labelsPath, `hold labels in [0, ${numClasses})`, `${label} at index ${i}`);
    }
    out[i] = label;
  }
  return { x: images.data, labels: out, count, shape: [rows, cols, 1] };
}

/**
 * Loads MNIST or Fashion-MNIST from IDX files (raw or gzip): `train-images-idx3-ubyte[.gz]`,
 * `train-labels-idx1-ubyte[.gz]`, `t10k-images-idx3-ubyte[.gz]`, `t10k-labels-idx1-ubyte[.gz]`
 * (the `.idx3-ubyte` spelling of some mirrors is accepted too).
 *
 * `dataDir` defaults to {@link FASHION_MNIST_DEFAULT_DIR} for `'fashion-mnist'` (Debian package
 * `dataset-fashion-mnist`); `'mnist'` has no Debian package and needs `dataDir`.
 * Images come out as NHWC `Uint8Array` with `sampleShape` `[28, 28, 1]` (whatever the files say);
 * labels are checked to be in `[0, 10)` and train and test images must have the same size.
 *
 * @example
 * const ds = loadIdxDataset('fashion-mnist');
 * ds.train.count, ds.test.count; // 60000, 10000
 * ds.sampleShape;                // [28, 28, 1]
 */
export function loadIdxDataset(name: 'mnist' | 'fashion-mnist', dataDir?: string): Dataset {
  const fn = 'loadIdxDataset';
  const dir = dataDir ?? (name === 'fashion-mnist' ? FASHION_MNIST_DEFAULT_DIR : undefined);
  if (dir === undefined) {
    const rule = "be given for 'mnist' (no Debian package provides it; download the four IDX files from https://yann.lecun.com/exdb/mnist/ into a directory)";
    throw new RunOptionsError(fn, 'dataDir', rule, undefined, 'not-found');
  }
  if (!existsSync(dir)) {
    const rule = dataDir === undefined ? "be given, or the Debian package dataset-fashion-mnist installed" : 'be an existing directory';
    throw new RunOptionsError(fn, 'dataDir', rule, dir, 'not-found', ' (no such directory)');
  }
  const classNames = name === 'mnist' ? MNIST_CLASSES : FASHION_MNIST_CLASSES;
  const train = readIdxSplit(fn, dir, 'train', classNames.length);
  const test = readIdxSplit(fn, dir, 't10k', classNames.length);
  if (train.shape.join('x') !== test.shape.join('x')) {
    throw new CblossError(
      'invalid-file',
      `${fn}: test images in '${dir}' must have the training image size ${train.shape.join('x')}; got ${test.shape.join('x')}.`,
    );
  }
  return {
    name,
    kind: 'image',
    sampleShape: train.shape,
    numClasses: classNames.length,
    classNames,
    train: { x: train.x, labels: train.labels, count: train.count },
    test: { x: test.x, labels: test.labels, count: test.count },
    source: dir,
  };
}
