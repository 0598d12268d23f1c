import { nearestName } from 'class-balanced-loss';
import type { Dataset } from '../types.js';
import { DATASETS, type DatasetEntry, type LoadDatasetOptions, type OpenDatasetOptions } from './datasets.js';
import type { StreamDataset } from './stream/StreamDataset.js';
import { CblossError } from '../CblossError.js';

/**
 * The registry entry of a dataset spec and the argument it gives the loader (the path after a prefix).
 *
 * @throws CblossError `unknown-name` listing the valid specs and suggesting the nearest; `invalid-argument` for a
 *   prefix without a path (`'folder:'`).
 * @example
 * findDataset('folder:/data/pets'); // { entry: <folder: entry>, argument: '/data/pets' }
 */
export function findDataset(spec: string, caller = 'loadDataset'): { entry: DatasetEntry; argument: string } {
  const exact = DATASETS.find((d) => !d.spec.endsWith(':') && d.spec === spec);
  if (exact !== undefined) return { entry: exact, argument: '' };
  const prefixed = DATASETS.find((d) => d.spec.endsWith(':') && spec.startsWith(d.spec));
  if (prefixed !== undefined) {
    const argument = spec.slice(prefixed.spec.length);
    if (argument === '') throw new CblossError('invalid-argument', `${caller}: '${prefixed.usage}' must have a non-empty PATH; got '${spec}'.`);
    return { entry: prefixed, argument };
  }
  const colon = spec.indexOf(':');
  const prefixes = DATASETS.filter((d) => d.spec.endsWith(':')).map((d) => d.spec);
  const names = DATASETS.filter((d) => !d.spec.endsWith(':')).map((d) => d.spec);
  const nearest =
    colon >= 0 ? prefixes.find((p) => nearestName(spec.slice(0, colon + 1), [p]) !== undefined)?.concat(spec.slice(colon + 1)) : nearestName(spec, names);
  const hint = nearest === undefined ? '' : ` (did you mean '${nearest}'?)`;
  throw new CblossError('unknown-name', `${caller}: 'spec' must be one of ${DATASETS.map((d) => d.usage).join(', ')}${hint}; got '${spec}'.`);
}

/**
 * Loads a dataset by its spec in the dataset registry ({@link DATASETS}), validating its files.
 *
 * Errors: unknown spec → `unknown-name` with the nearest valid name; missing data → `not-found` saying
 * which package or path provides it; corrupt files → `invalid-file` naming the file.
 *
 * Keep `seed` fixed across the runs you compare: it changes the synthetic data and the CSV test set.
 *
 * @example
 * const ds = await loadDataset('fashion-mnist');
 * ds.sampleShape, ds.numClasses; // [28, 28, 1], 10
 * await loadDataset('cifar-10'); // CblossError unknown-name: ... did you mean 'cifar10'?
 */
export async function loadDataset(spec: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const { entry, argument } = findDataset(spec);
  if (entry.kind === 'stream') {
    throw new CblossError('invalid-argument', `loadDataset: 'spec' must name a dataset that fits in memory; got '${spec}', which is streamed from disk (open it with openDatasetStream).`);
  }
  return entry.load(argument, options);
}

/** Whether a dataset spec names a streamed entry of the registry (`inat:`, `list:`, `ilsvrc:`, `folder-stream:`). */
export function isStreamedDataset(spec: string): boolean {
  return findDataset(spec).entry.kind === 'stream';
}

/**
 * Opens a streamed dataset by its spec in the registry ({@link DATASETS}): its index of files, labels, class names and
 * per-class counts, read from the annotations without decoding an image (see `openStreamDataset`).
 *
 * @throws CblossError as {@link findDataset}; `invalid-argument` for an in-memory spec; the readers' `not-found` /
 *   `invalid-file` naming the file.
 * @example
 * const ds = openDatasetStream('inat:/data/inat2018/train2018.json');
 * ds.numClasses, ds.train.count; // 8142, 437513
 */
export function openDatasetStream(spec: string, options: OpenDatasetOptions = {}): StreamDataset {
  const { entry, argument } = findDataset(spec, 'openDatasetStream');
  if (entry.kind !== 'stream') {
    throw new CblossError('invalid-argument', `openDatasetStream: 'spec' must name a streamed dataset (${DATASETS.filter((d) => d.kind === 'stream').map((d) => d.usage).join(', ')}); got '${spec}'.`);
  }
  return { ...entry.open(argument, options), name: spec };
}
