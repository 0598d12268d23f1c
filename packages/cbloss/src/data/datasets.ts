import type { Dataset } from '../types.js';
import { loadCifar10, loadCifar100 } from './loadCifar.js';
import { loadCsv } from './loadCsv.js';
import { FASHION_MNIST_DEFAULT_DIR, loadIdxDataset } from './loadIdxDataset.js';
import { loadImageFolder } from './loadImageFolder.js';
import { makeSyntheticImages, makeSyntheticTabular } from './makeSynthetic.js';

/** Options every dataset loader receives (each uses what applies to it). */
export interface LoadDatasetOptions {
  /** Directory of the data files; overrides the dataset's default location. */
  readonly dataDir?: string;
  /** `[height, width]` to resize folder images to (bilinear); ignored by the other datasets. */
  readonly imageSize?: readonly [number, number];
  /** Seed of generated data ('synthetic*') and of the CSV train/test split. Default 0. */
  readonly seed?: number;
}

/**
 * One entry of the dataset registry: a name (`'cifar10'`) or a prefix that takes a path (`'folder:'`), how to
 * write it, one line of help, and its loader. `--dataset` choices, `--help` and `loadDataset` all read
 * {@link DATASETS}; the model and augmentation a run gets are decided by the loaded data, not by the entry.
 */
export interface DatasetEntry {
  /** The exact name, or a prefix ending in `':'` followed by a path. */
  readonly spec: string;
  /** How users write it, e.g. `'folder:PATH'`. */
  readonly usage: string;
  readonly help: string;
  /** Loads it; `argument` is the text after a prefix (the path), `''` for a plain name. */
  readonly load: (argument: string, options: LoadDatasetOptions) => Promise<Dataset>;
}

/** The dataset registry. */
export const DATASETS: readonly DatasetEntry[] = [
  {
    spec: 'fashion-mnist',
    usage: 'fashion-mnist',
    help: `Fashion-MNIST IDX files (Debian dataset-fashion-mnist: ${FASHION_MNIST_DEFAULT_DIR}, or --data-dir)`,
    load: async (_, o) => loadIdxDataset('fashion-mnist', o.dataDir),
  },
  { spec: 'mnist', usage: 'mnist', help: 'MNIST IDX files in --data-dir', load: async (_, o) => loadIdxDataset('mnist', o.dataDir) },
  { spec: 'cifar10', usage: 'cifar10', help: 'CIFAR-10 binary version in --data-dir', load: async (_, o) => loadCifar10(o.dataDir) },
  { spec: 'cifar100', usage: 'cifar100', help: 'CIFAR-100 binary version in --data-dir', load: async (_, o) => loadCifar100(o.dataDir) },
  {
    spec: 'folder:',
    usage: 'folder:PATH',
    help: 'PNG/JPEG images in PATH/train/<class>/ and PATH/test/<class>/',
    load: async (path, o) => loadImageFolder(path, o.imageSize ? { imageSize: o.imageSize } : {}),
  },
  {
    spec: 'csv:',
    usage: 'csv:PATH',
    help: 'a CSV file (label column, numeric features; stratified 80/20 split) or a directory with train.csv and test.csv',
    load: async (path, o) => loadCsv(path, { seed: o.seed ?? 0 }),
  },
  { spec: 'synthetic', usage: 'synthetic', help: 'generated Gaussian blobs, 16 features (tabular)', load: async (_, o) => makeSyntheticTabular({ seed: o.seed ?? 0 }) },
  {
    spec: 'synthetic-images',
    usage: 'synthetic-images',
    help: 'generated 16x16 grey gratings (images)',
    load: async (_, o) => makeSyntheticImages({ seed: o.seed ?? 0 }),
  },
];
