import type { RunOptions } from '../types.js';
import { writeFileAtomic } from '../train/writeFileAtomic.js';

/** What `subset.json` records of a run's long-tailed training set. */
export interface SubsetRecord {
  /** The dataset's name. */
  readonly dataset: string;
  /** Training images per class after the cut. */
  readonly samplesPerClass: readonly number[];
  /** Indices of the kept training samples; left out when the whole training set is kept (a streamed index at IF 1). */
  readonly indices?: ArrayLike<number>;
}

/**
 * Writes a run's `subset.json` atomically: the dataset, the long-tail settings of `options` (imbalance factor, profile,
 * seed), the per-class counts and the kept indices — one format for in-memory and streamed runs.
 *
 * @example
 * await writeSubsetFile(join(dir, 'subset.json'), options, { dataset: 'fashion-mnist', samplesPerClass: [6000, 60], indices });
 * // {"dataset":"fashion-mnist","imbalanceFactor":100,"profile":"exponential","seed":1,"samplesPerClass":[6000,60],"indices":[...]}
 */
export async function writeSubsetFile(path: string, options: RunOptions, record: SubsetRecord): Promise<void> {
  await writeFileAtomic(
    path,
    JSON.stringify({
      dataset: record.dataset,
      imbalanceFactor: options.data.imbalanceFactor,
      profile: options.data.profile,
      seed: options.seed,
      samplesPerClass: record.samplesPerClass,
      ...(record.indices !== undefined ? { indices: Array.from(record.indices) } : {}),
    }),
  );
}
