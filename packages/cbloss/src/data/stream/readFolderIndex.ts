import { join } from 'node:path';
import { CblossError } from '../../CblossError.js';
import { indexClassDirectories, listDirectories, requireDirectory } from './listImageTree.js';
import type { StreamSplit } from './StreamDataset.js';

/**
 * Indexes an image-folder dataset — `ROOT/train/<class>/*.{jpg,jpeg,png}` and `ROOT/test/<class>/*`, the
 * layout of `loadImageFolder` — without decoding any image, so it scales to millions of files. Classes are
 * the sub-directories of `ROOT/train` in code-point order; `ROOT/test` must have the same set (a test class may
 * be empty, a training class may not). Hidden entries and other extensions are ignored.
 *
 * @example
 * const { classNames, train, test } = readFolderIndex('/data/pets');
 * classNames, train.count; // ['cat', 'dog'], 2000
 */
export function readFolderIndex(root: string): { classNames: string[]; train: StreamSplit; test: StreamSplit } {
  const fn = 'readFolderIndex';
  for (const split of ['train', 'test']) requireDirectory(fn, join(root, split), 'one sub-directory of images per class');
  const classNames = listDirectories(join(root, 'train'));
  if (classNames.length === 0) {
    throw new CblossError('invalid-file', `${fn}: '${join(root, 'train')}' must contain one sub-directory per class; got none.`);
  }
  const testClasses = listDirectories(join(root, 'test'));
  if (testClasses.join('\n') !== classNames.join('\n')) {
    const missing = classNames.filter((c) => !testClasses.includes(c));
    const extra = testClasses.filter((c) => !classNames.includes(c));
    throw new CblossError(
      'invalid-file',
      `${fn}: '${join(root, 'test')}' must have the same class directories as train; got ${missing.length} missing [${missing.slice(0, 5).join(', ')}] and ${extra.length} extra [${extra.slice(0, 5).join(', ')}].`,
    );
  }
  return {
    classNames,
    train: indexClassDirectories(fn, join(root, 'train'), classNames, false),
    test: indexClassDirectories(fn, join(root, 'test'), classNames, true),
  };
}
