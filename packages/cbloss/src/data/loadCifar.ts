import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSplit, Dataset } from '../types.js';
import { CIFAR10_CLASSES, CIFAR100_CLASSES } from './classNames.js';
import { fileError } from './fileError.js';
import { readBytes } from './readBytes.js';
import { RunOptionsError } from '../run/RunOptionsError.js';

const PIXELS = 32 * 32;
const IMAGE_BYTES = 3 * PIXELS;

interface CifarFormat {
  readonly fn: string;
  readonly name: 'cifar10' | 'cifar100';
  readonly subdir: string; // the directory name inside the official archive
  readonly trainFiles: readonly string[];
  readonly testFiles: readonly string[];
  readonly labelBytes: number; // bytes before the image in a record
  readonly labelOffset: number; // which of them is the label we use
  readonly labelLimits: readonly number[]; // each label byte must be below its limit
  readonly numClasses: number;
  readonly namesFile: string;
  readonly defaultNames: readonly string[];
  readonly url: string;
}

const CIFAR10: CifarFormat = {
  fn: 'loadCifar10',
  name: 'cifar10',
  subdir: 'cifar-10-batches-bin',
  trainFiles: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`),
  testFiles: ['test_batch.bin'],
  labelBytes: 1,
  labelOffset: 0,
  labelLimits: [10],
  numClasses: 10,
  namesFile: 'batches.meta.txt',
  defaultNames: CIFAR10_CLASSES,
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
};

const CIFAR100: CifarFormat = {
  fn: 'loadCifar100',
  name: 'cifar100',
  subdir: 'cifar-100-binary',
  trainFiles: ['train.bin'],
  testFiles: ['test.bin'],
  labelBytes: 2,
  labelOffset: 1, // <coarse label><fine label><3072 pixels>: we use the fine label
  labelLimits: [20, 100],
  numClasses: 100,
  namesFile: 'fine_label_names.txt',
  defaultNames: CIFAR100_CLASSES,
  url: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
};

/** `dataDir` itself, or the archive's directory inside it, whichever holds the first training file. */
function resolveDir(format: CifarFormat, dataDir: string | undefined): string {
  const first = format.trainFiles[0] ?? '';
  const wanted = [...format.trainFiles, ...format.testFiles].join(', ');
  if (dataDir === undefined) {
    const rule = `be given (${format.name} has no default location; extract ${format.url}, which holds ${wanted})`;
    throw new RunOptionsError(format.fn, 'dataDir', rule, undefined, 'not-found');
  }
  for (const dir of [dataDir, join(dataDir, format.subdir)]) if (existsSync(join(dir, first))) return dir;
  const rule = `contain ${wanted} (or a '${format.subdir}' directory holding them; from ${format.url})`;
  throw new RunOptionsError(format.fn, 'dataDir', rule, dataDir, 'not-found');
}

/** Decodes the records of some CIFAR files: checks sizes and labels, converts CHW planes to HWC. */
function readRecords(format: CifarFormat, dir: string, files: readonly string[]): DataSplit {
  const recordBytes = format.labelBytes + IMAGE_BYTES;
  const chunks = files.map((file) => {
    const path = join(dir, file);
    const bytes = readBytes(format.fn, path);
    if (bytes.length === 0 || bytes.length % recordBytes !== 0) {
      throw fileError(format.fn, path, `hold whole records of ${recordBytes} bytes`, `${bytes.length} bytes`);
    }
    return { path, bytes };
  });
  const count = chunks.reduce((n, c) => n + c.bytes.length / recordBytes, 0);
  const x = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Int32Array(count);
  let n = 0;
  for (const { path, bytes } of chunks) {
    for (let r = 0; r < bytes.length; r += recordBytes, n++) {
      format.labelLimits.forEach((limit, b) => {
        const label = bytes[r + b] ?? 0;
        if (label >= limit) {
          const what = format.labelBytes === 1 ? 'labels' : b === format.labelOffset ? 'fine labels' : 'coarse labels';
          throw fileError(format.fn, path, `hold ${what} in [0, ${limit})`, `${label} in record ${r / recordBytes}`);
        }
      });
      labels[n] = bytes[r + format.labelOffset] ?? 0;
      const planes = r + format.labelBytes;
      const out = n * IMAGE_BYTES;
      // CHW (all red, all green, all blue) → HWC (r, g, b per pixel).
      for (let p = 0; p < PIXELS; p++) {
        x[out + 3 * p] = bytes[planes + p] ?? 0;
        x[out + 3 * p + 1] = bytes[planes + PIXELS + p] ?? 0;
        x[out + 3 * p + 2] = bytes[planes + 2 * PIXELS + p] ?? 0;
      }
    }
  }
  return { x, labels, count };
}

/** Class names from the optional names file (one per line, blank lines ignored), else the published ones. */
function readClassNames(format: CifarFormat, dir: string): readonly string[] {
  const path = join(dir, format.namesFile);
  if (!existsSync(path)) return format.defaultNames;
  const names = readFileSync(path, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
  if (names.length !== format.numClasses) {
    throw fileError(format.fn, path, `list ${format.numClasses} class names, one per line`, `${names.length}`);
  }
  return names;
}

function loadCifar(format: CifarFormat, dataDir: string | undefined): Dataset {
  const dir = resolveDir(format, dataDir);
  return {
    name: format.name,
    kind: 'image',
    sampleShape: [32, 32, 3],
    numClasses: format.numClasses,
    classNames: readClassNames(format, dir),
    train: readRecords(format, dir, format.trainFiles),
    test: readRecords(format, dir, format.testFiles),
    source: dir,
  };
}

/**
 * Loads CIFAR-10 from its binary version (`data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin`;
 * records of 1 label byte + 3072 pixel bytes in CHW planes), converted to NHWC `[32, 32, 3]` `Uint8Array`.
 * `dataDir` (required, no default) may be the extracted `cifar-10-batches-bin` or its parent. Class names
 * come from `batches.meta.txt` when present.
 *
 * Errors: `not-found` when files are missing; `invalid-file` naming the file when its size is not a whole
 * number of records or a label is ≥ 10.
 *
 * @example
 * const ds = loadCifar10('/data/cifar-10-batches-bin');
 * ds.train.count, ds.test.count; // 50000, 10000
 */
export function loadCifar10(dataDir: string | undefined): Dataset {
  return loadCifar(CIFAR10, dataDir);
}

/**
 * Loads CIFAR-100 from its binary version (`train.bin`, `test.bin`; records of coarse label, fine label,
 * 3072 CHW pixel bytes) with the 100 **fine** labels, as NHWC `[32, 32, 3]` `Uint8Array`. `dataDir` (required)
 * may be the extracted `cifar-100-binary` or its parent; class names from `fine_label_names.txt` when present.
 *
 * @example
 * const ds = loadCifar100('/data/cifar-100-binary');
 * ds.numClasses; // 100
 */
export function loadCifar100(dataDir: string | undefined): Dataset {
  return loadCifar(CIFAR100, dataDir);
}
