import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CblossError } from '../../CblossError.js';
import { indexClassDirectories, listDirectories, listImageFiles, requireDirectory } from './listImageTree.js';
import type { StreamSplit } from './StreamDataset.js';
import { lineError, readTextFile } from './readTextFile.js';

/** The label files tried, in order, for a flat `val/` directory. */
export const ILSVRC_VAL_LABEL_FILES = ['val.txt', 'LOC_val_solution.csv'] as const;

/** Reads the flat-val label file: file name → label. */
function readValLabels(fn: string, path: string, wnids: readonly string[]): Map<string, number> {
  const labelOfWnid = new Map(wnids.map((w, i) => [w, i]));
  const csv = path.endsWith('.csv');
  const out = new Map<string, number>();
  readTextFile(fn, path)
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line.length === 0 || (csv && i === 0 && line.startsWith('ImageId'))) return;
      // val.txt: 'ILSVRC2012_val_00000001.JPEG 65' or '... n01751748'; LOC_val_solution.csv:
      // 'ILSVRC2012_val_00000001,n01751748 111 51 462 342 ...' (the first wnid is the image's class).
      const [file, value] = csv ? [line.split(',')[0], line.split(',')[1]?.trim().split(/\s+/)[0]] : line.split(/\s+/);
      const label = value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : labelOfWnid.get(value);
      if (file === undefined || label === undefined || label >= wnids.length) {
        const rule = `be 'FILE LABEL' with LABEL a training wnid or an index below ${wnids.length}`;
        throw lineError(fn, path, i + 1, csv ? `be 'ImageId,WNID ...' with a training wnid` : rule, `'${line.slice(0, 200)}'`);
      }
      out.set(csv ? file.replace(/\.JPEG$/i, '') : file, label);
    });
  return out;
}

/**
 * Indexes the ILSVRC 2012 layout without decoding any image: `ROOT/train/<wnid>/*.JPEG` (classes = the
 * wnids in sorted order, as torchvision's ImageFolder and the usual label files number them) and the
 * validation images either re-filed as `ROOT/val/<wnid>/*` or flat in `ROOT/val/` with a label file:
 * `ROOT/val.txt` (`ILSVRC2012_val_00000001.JPEG 65`, LABEL a wnid or its index in the sorted wnids) or
 * Kaggle's `ROOT/LOC_val_solution.csv` (`ImageId,PredictionString`, the first wnid of the string).
 *
 * Errors: a missing directory is `not-found`; a flat val without a label file, a label line that does not
 * parse, or a val image without a label is `invalid-file` naming the file.
 *
 * @example
 * const { classNames, train, test } = readIlsvrcIndex('/data/ILSVRC2012');
 * classNames.length, train.count, test.count; // 1000, 1281167, 50000
 */
export function readIlsvrcIndex(root: string): { classNames: string[]; train: StreamSplit; test: StreamSplit } {
  const fn = 'readIlsvrcIndex';
  requireDirectory(fn, join(root, 'train'), 'one <wnid> directory of .JPEG files per class');
  requireDirectory(fn, join(root, 'val'), 'the validation images (in <wnid> directories or flat with a label file)');
  const classNames = listDirectories(join(root, 'train'));
  if (classNames.length === 0) throw new CblossError('invalid-file', `${fn}: '${join(root, 'train')}' must contain one <wnid> directory per class; got none.`);
  const train = indexClassDirectories(fn, join(root, 'train'), classNames, false);
  const valDir = join(root, 'val');
  const valClasses = listDirectories(valDir);
  if (valClasses.length > 0) {
    const unknown = valClasses.find((c) => !classNames.includes(c));
    if (unknown !== undefined) throw new CblossError('invalid-file', `${fn}: '${valDir}' must hold only training wnids; got '${unknown}'.`);
    return { classNames, train, test: indexClassDirectories(fn, valDir, classNames, true) };
  }
  const labelFile = ILSVRC_VAL_LABEL_FILES.map((f) => join(root, f)).find((p) => existsSync(p));
  if (labelFile === undefined) {
    throw new CblossError(
      'not-found',
      `${fn}: '${root}' must hold a val label file (${ILSVRC_VAL_LABEL_FILES.join(' or ')}) for its flat 'val' directory; got none.`,
    );
  }
  const labelOf = readValLabels(fn, labelFile, classNames);
  const files = listImageFiles(valDir);
  const labels = files.map((file) => {
    const label = labelOf.get(file) ?? labelOf.get(file.replace(/\.JPEG$/i, ''));
    if (label === undefined) throw new CblossError('invalid-file', `${fn}: file '${labelFile}' must give a label for every val image; got none for '${file}'.`);
    return label;
  });
  return { classNames, train, test: { paths: files.map((f) => join(valDir, f)), labels: Int32Array.from(labels), count: files.length } };
}
