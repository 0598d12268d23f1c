import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CblossError } from '../../CblossError.js';
import { countPerClass } from '../countPerClass.js';
import { readFolderIndex } from './readFolderIndex.js';
import { readIlsvrcIndex } from './readIlsvrcIndex.js';
import { readInatIndex } from './readInatIndex.js';
import { readListIndex } from './readListIndex.js';
import type { StreamDataset, StreamSplit } from './StreamDataset.js';
import { parseStreamSpec } from './streamSpec.js';

/** Options of {@link openStreamDataset}. */
export interface OpenStreamOptions {
  /** `inat:` / `list:` only: the directory image paths are relative to. Default: the annotation file's directory. */
  readonly root?: string;
  /** `inat:` / `list:` only: the evaluation annotation/list file. Default: the training file's name with 'train' → 'val'. */
  readonly testFile?: string;
}

/**
 * The evaluation file beside a training annotation/list file: its base name with the last 'train' replaced
 * by 'val' (`train2018.json` → `val2018.json`, `ImageNet_LT_train.txt` → `ImageNet_LT_val.txt`).
 * @example defaultTestFile('/data/inat/train2018.json'); // '/data/inat/val2018.json'
 */
export function defaultTestFile(trainFile: string): string | undefined {
  const name = basename(trainFile);
  const at = name.lastIndexOf('train');
  return at < 0 ? undefined : join(dirname(trainFile), `${name.slice(0, at)}val${name.slice(at + 'train'.length)}`);
}

function testFileOf(fn: string, trainFile: string, given: string | undefined): string {
  const file = given ?? defaultTestFile(trainFile);
  if (file === undefined || (given === undefined && !existsSync(file))) {
    throw new CblossError(
      'not-found',
      `${fn}: 'testFile' must be given when no evaluation file sits beside '${trainFile}' (its name with 'train' → 'val'); got ${file === undefined ? 'no such name' : `no file '${file}'`}.`,
    );
  }
  return file;
}

function checkTestLabels(fn: string, test: StreamSplit, numClasses: number, file: string): void {
  const bad = test.labels.findIndex((l) => l >= numClasses);
  if (bad >= 0) {
    throw new CblossError('invalid-file', `${fn}: file '${file}' must use the training labels [0, ${numClasses}); got ${test.labels[bad]} for '${test.paths[bad]}'.`);
  }
}

/**
 * Opens a streamed dataset by spec (`inat:`, `list:`, `ilsvrc:`, `folder:`; see `STREAM_SPEC_HELP`): reads
 * the annotation files or lists the directories, and returns the file index of both splits with class names
 * and per-class training counts — no image is opened, so this is fast and small even for ILSVRC or
 * iNaturalist (decoding happens later, batch by batch, in `createDecodePool`).
 *
 * @example
 * const ds = openStreamDataset('inat:/data/inat2018/train2018.json');
 * ds.numClasses, ds.train.count, ds.test.count; // 8142, 437513, 24426
 * ds.trainCounts[0]; // samples of class 0
 */
export function openStreamDataset(spec: string, options: OpenStreamOptions = {}): StreamDataset {
  const fn = 'openStreamDataset';
  const { format, path } = parseStreamSpec(spec);
  const make = (classNames: readonly string[], train: StreamSplit, test: StreamSplit, source: string): StreamDataset => ({
    name: spec,
    numClasses: classNames.length,
    classNames,
    train,
    test,
    trainCounts: countPerClass(train.labels, classNames.length),
    source,
  });
  switch (format) {
    case 'inat': {
      const testFile = testFileOf(fn, path, options.testFile);
      const train = readInatIndex(path, { root: options.root });
      const test = readInatIndex(testFile, { root: options.root, categories: train.categories });
      return make(train.categories.names, train.split, test.split, `${path}, ${testFile}`);
    }
    case 'list': {
      const testFile = testFileOf(fn, path, options.testFile);
      const train = readListIndex(path, { root: options.root });
      const test = readListIndex(testFile, { root: options.root });
      checkTestLabels(fn, test.split, train.numClasses, testFile);
      return make(train.names, train.split, test.split, `${path}, ${testFile}`);
    }
    case 'ilsvrc': {
      const { classNames, train, test } = readIlsvrcIndex(path);
      return make(classNames, train, test, path);
    }
    case 'folder': {
      const { classNames, train, test } = readFolderIndex(path);
      return make(classNames, train, test, path);
    }
  }
}
