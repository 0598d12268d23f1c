import type { Dataset } from '../types.js';
import { openStreamDataset } from './stream/openStreamDataset.js';
import type { StreamDataset } from './stream/StreamDataset.js';
import { STREAM_SPEC_HELP, type StreamFormat } from './stream/streamSpec.js';
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

/** What every registry entry has: a name (`'cifar10'`) or a prefix that takes a path (`'folder:'`), its usage and help. */
interface DatasetEntryBase {
  /** The exact name, or a prefix ending in `':'` followed by a path. */
  readonly spec: string;
  /** How users write it, e.g. `'folder:PATH'`. */
  readonly usage: string;
  readonly help: string;
}

/** A dataset decoded whole into memory (`Dataset`). */
export interface MemoryDatasetEntry extends DatasetEntryBase {
  readonly kind: 'memory';
  /** Loads it; `argument` is the text after a prefix (the path), `''` for a plain name. */
  readonly load: (argument: string, options: LoadDatasetOptions) => Promise<Dataset>;
}

/** Options of a streamed entry's `open`. */
export interface OpenDatasetOptions {
  /** `inat:` / `list:`: the directory the image paths are relative to (default: the annotation file's directory). */
  readonly dataDir?: string;
}

/**
 * A dataset streamed from disk: `open` reads its index (file paths, labels, class names and counts) without decoding
 * an image; training decodes it batch by batch (`createDecodePool`) with the memory bound stated in `--help`.
 */
export interface StreamDatasetEntry extends DatasetEntryBase {
  readonly kind: 'stream';
  /** The stream format it opens (`inat`, `list`, `ilsvrc`, `folder`). */
  readonly format: StreamFormat;
  readonly open: (argument: string, options: OpenDatasetOptions) => StreamDataset;
}

/**
 * One entry of the dataset registry. `--dataset` choices, `--help`, `loadDataset` and the streamed runs all read
 * {@link DATASETS}; the model and augmentation a run gets are decided by the loaded data, not by the entry.
 */
export type DatasetEntry = MemoryDatasetEntry | StreamDatasetEntry;

/** What `--help` says once for all streamed entries: how they are decoded, how much memory that takes, how they are scored. */
export const STREAM_MEMORY_NOTE =
  'streamed datasets are indexed from their annotations (no image decoded to count the classes) and decoded on the fly by worker threads ' +
  '(--workers; per process with --nproc, each decoding its part of every batch), never all in memory: at most 2 × workers micro-batches are decoded ahead, each batch × size² × 3 × 4 bytes ' +
  '(38.5 MB for 64 images at 224 px); training crops: random resized crop + flip at --image-size (224, or 320), evaluation: centre crop; ' +
  'scored by top-1 and top-5 error, per-class accuracy and many/medium/few (> 100, 20–100, < 20 training images)';

/** A streamed entry for `format`, under its registry prefix (`folder-stream:` for the streamed `folder` layout). */
function streamEntry(format: StreamFormat, prefix: string, evaluation: string): StreamDatasetEntry {
  const { usage, help } = STREAM_SPEC_HELP[format];
  return {
    kind: 'stream',
    spec: `${prefix}:`,
    usage: `${prefix}:${usage.slice(usage.indexOf(':') + 1)}`,
    help: `${help}; evaluated on ${evaluation}`,
    format,
    open: (path, o) => openStreamDataset(`${format}:${path}`, o.dataDir !== undefined && (format === 'inat' || format === 'list') ? { root: o.dataDir } : {}),
  };
}

/** The dataset registry. */
export const DATASETS: readonly DatasetEntry[] = [
  {
    kind: 'memory',
    spec: 'fashion-mnist',
    usage: 'fashion-mnist',
    help: `Fashion-MNIST IDX files (Debian dataset-fashion-mnist: ${FASHION_MNIST_DEFAULT_DIR}, or --data-dir)`,
    load: async (_, o) => loadIdxDataset('fashion-mnist', o.dataDir),
  },
  { kind: 'memory', spec: 'mnist', usage: 'mnist', help: 'MNIST IDX files in --data-dir', load: async (_, o) => loadIdxDataset('mnist', o.dataDir) },
  { kind: 'memory', spec: 'cifar10', usage: 'cifar10', help: 'CIFAR-10 binary version in --data-dir', load: async (_, o) => loadCifar10(o.dataDir) },
  { kind: 'memory', spec: 'cifar100', usage: 'cifar100', help: 'CIFAR-100 binary version in --data-dir', load: async (_, o) => loadCifar100(o.dataDir) },
  {
    kind: 'memory',
    spec: 'folder:',
    usage: 'folder:PATH',
    help: 'PNG/JPEG images in PATH/train/<class>/ and PATH/test/<class>/',
    load: async (path, o) => loadImageFolder(path, o.imageSize ? { imageSize: o.imageSize } : {}),
  },
  {
    kind: 'memory',
    spec: 'csv:',
    usage: 'csv:PATH',
    help: 'a CSV file (label column, numeric features; stratified 80/20 split) or a directory with train.csv and test.csv',
    load: async (path, o) => loadCsv(path, { seed: o.seed ?? 0 }),
  },
  { kind: 'memory', spec: 'synthetic', usage: 'synthetic', help: 'generated Gaussian blobs, 16 features (tabular)', load: async (_, o) => makeSyntheticTabular({ seed: o.seed ?? 0 }) },
  {
    kind: 'memory',
    spec: 'synthetic-images',
    usage: 'synthetic-images',
    help: 'generated 16x16 grey gratings (images)',
    load: async (_, o) => makeSyntheticImages({ seed: o.seed ?? 0 }),
  },
  streamEntry('inat', 'inat', 'the val JSON'),
  streamEntry('list', 'list', 'the val list'),
  streamEntry('ilsvrc', 'ilsvrc', 'ROOT/val (50 000 images for ILSVRC 2012)'),
  streamEntry('folder', 'folder-stream', 'ROOT/test'),
];
