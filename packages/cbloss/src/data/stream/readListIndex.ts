import { basename, dirname, join } from 'node:path';
import type { StreamSplit } from './StreamDataset.js';
import { lineError, readTextFile } from './readTextFile.js';

// `PATH LABEL`: the label is the last whitespace-separated field, so paths may contain spaces.
const LINE = /^(.*\S)\s+(\d+)$/;

/**
 * Reads an ImageNet-LT / Places-LT list file — one `relative/path.jpg LABEL` per line, LABEL an integer
 * ≥ 0 — into a file index, without opening any image. Paths are `join(root, relative)`; `root` defaults to
 * the list file's directory. Blank lines are skipped; any other line that is not `PATH LABEL` is
 * `invalid-file` naming the file and the line.
 *
 * `names[c]` is the parent directory of class `c`'s files when they all share one (the wnid of
 * `train/n01440764/x.JPEG`, the scene of Places' `train/a/airfield/x.jpg`), else `String(c)`; classes
 * without a file in this list are named `String(c)`.
 *
 * @returns the `split`, `numClasses` = 1 + the largest label, and the inferred class `names`.
 * @example
 * // ImageNet_LT_train.txt: 'train/n01440764/n01440764_190.JPEG 0' ...
 * const { split, numClasses, names } = readListIndex('/data/ImageNet_LT_train.txt', { root: '/data/imagenet' });
 * numClasses, split.count, names[0]; // 1000, 115846, 'n01440764'
 */
export function readListIndex(listPath: string, options: { readonly root?: string } = {}): { split: StreamSplit; numClasses: number; names: string[] } {
  const fn = 'readListIndex';
  const root = options.root ?? dirname(listPath);
  const paths: string[] = [];
  const labels: number[] = [];
  const parentOf = new Map<number, string | null>();
  readTextFile(fn, listPath)
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line.length === 0) return;
      const match = LINE.exec(line);
      if (match === null) throw lineError(fn, listPath, i + 1, "be 'relative/path.jpg LABEL' with an integer LABEL ≥ 0", `'${line.slice(0, 200)}'`);
      const relative = match[1] as string;
      const label = Number(match[2]);
      paths.push(join(root, relative));
      labels.push(label);
      const parent = basename(dirname(relative));
      const seen = parentOf.get(label);
      if (seen === undefined) parentOf.set(label, parent === '.' ? null : parent);
      else if (seen !== parent) parentOf.set(label, null);
    });
  if (paths.length === 0) throw lineError(fn, listPath, 1, 'list at least one image', 'an empty file');
  const numClasses = 1 + labels.reduce((a, b) => Math.max(a, b), 0);
  const names = Array.from({ length: numClasses }, (_, c) => parentOf.get(c) ?? String(c));
  // Inferred names must be distinct to be useful; otherwise fall back to the label numbers.
  const distinct = new Set(names).size === names.length;
  return {
    split: { paths, labels: Int32Array.from(labels), count: paths.length },
    numClasses,
    names: distinct ? names : names.map((_, c) => String(c)),
  };
}
