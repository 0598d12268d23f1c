import { CbLossError, nearestName } from 'class-balanced-loss';
import type { Dataset } from '../types.js';
import { loadCifar10, loadCifar100 } from './loadCifar.js';
import { loadCsv } from './loadCsv.js';
import { loadIdxDataset } from './loadIdxDataset.js';
import { loadImageFolder } from './loadImageFolder.js';
import { makeSyntheticImages, makeSyntheticTabular } from './makeSynthetic.js';

/** The dataset names `loadDataset` accepts as they are. */
export const DATASET_NAMES = ['fashion-mnist', 'mnist', 'cifar10', 'cifar100', 'synthetic', 'synthetic-images'] as const;

/** The dataset specs that take a path: `folder:PATH` and `csv:PATH`. */
export const DATASET_PREFIXES = ['folder:', 'csv:'] as const;

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /** Directory of the data files; overrides the default (only 'fashion-mnist' has one). */
  readonly dataDir?: string;
  /** `[height, width]` to resize folder images to (bilinear); ignored by the other datasets. */
  readonly imageSize?: readonly [number, number];
  /** Seed of generated data ('synthetic*') and of the CSV train/test split. Default 0. */
  readonly seed?: number;
}

/**
 * Loads a dataset by spec, validating its files:
 *
 * | spec               | source                                                                       |
 * |--------------------|------------------------------------------------------------------------------|
 * | `fashion-mnist`    | IDX files, default `/usr/share/datasets/fashion-mnist` (`dataset-fashion-mnist`) |
 * | `mnist`            | IDX files in `dataDir` (no Debian package)                                    |
 * | `cifar10`/`cifar100` | binary version in `dataDir`                                                 |
 * | `folder:PATH`      | `PATH/train/<class>/*.{png,jpg}`, `PATH/test/<class>/*` (see loadImageFolder) |
 * | `csv:PATH`         | a CSV file (stratified 80/20 split by `seed`) or a directory with train.csv/test.csv |
 * | `synthetic`        | generated Gaussian blobs, 16 features (tabular)                             |
 * | `synthetic-images` | generated 16×16×1 gratings (images)                                         |
 *
 * Errors: unknown spec → `unknown-name` with the nearest valid name; missing data → `not-found` saying
 * which package or path provides it; corrupt files → `invalid-file` naming the file.
 *
 * Keep `seed` fixed across the runs you compare: it changes the synthetic data and the CSV test set.
 *
 * @example
 * const ds = await loadDataset('fashion-mnist');
 * ds.sampleShape, ds.numClasses; // [28, 28, 1], 10
 * await loadDataset('cifar-10'); // CbLossError unknown-name: ... did you mean 'cifar10'?
 */
export async function loadDataset(spec: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const { dataDir, imageSize, seed = 0 } = options;
  if (spec.startsWith('folder:')) return loadImageFolder(pathOf(spec, 'folder:'), imageSize ? { imageSize } : {});
  if (spec.startsWith('csv:')) return loadCsv(pathOf(spec, 'csv:'), { seed });
  switch (spec) {
    case 'fashion-mnist':
    case 'mnist':
      return loadIdxDataset(spec, dataDir);
    case 'cifar10':
      return loadCifar10(dataDir);
    case 'cifar100':
      return loadCifar100(dataDir);
    case 'synthetic':
      return makeSyntheticTabular({ seed });
    case 'synthetic-images':
      return makeSyntheticImages({ seed });
  }
  const valid = [...DATASET_NAMES, ...DATASET_PREFIXES.map((p) => `${p}PATH`)];
  const colon = spec.indexOf(':');
  const nearest =
    colon >= 0
      ? DATASET_PREFIXES.find((p) => nearestName(spec.slice(0, colon + 1), [p]) !== undefined)?.concat(spec.slice(colon + 1))
      : nearestName(spec, DATASET_NAMES);
  const hint = nearest === undefined ? '' : ` (did you mean '${nearest}'?)`;
  throw new CbLossError('unknown-name', `loadDataset: 'spec' must be one of ${valid.join(', ')}${hint}; got '${spec}'.`);
}

function pathOf(spec: string, prefix: string): string {
  const path = spec.slice(prefix.length);
  if (path === '') throw new CbLossError('invalid-argument', `loadDataset: '${prefix}PATH' must have a non-empty PATH; got '${spec}'.`);
  return path;
}
