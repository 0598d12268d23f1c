import { isStreamedDataset } from '../data/loadDataset.js';
import { RunOptionsError } from './RunOptionsError.js';

/**
 * Refuses a dataset streamed from disk (`inat:`, `list:`, `ilsvrc:`, `folder-stream:`) for data-parallel training:
 * the ranks cut each global batch of an in-memory split (see `createMemoryBatchSource`'s `shard`); a streamed
 * source has no such cut yet. Thrown before any process starts (`cbloss train --nproc`) and by every rank.
 *
 * @throws RunOptionsError on `data.dataset` (the CLI names `--dataset`).
 * @example
 * assertDataParallelDataset('train', 'list:train.txt');
 * // throws "train: 'data.dataset' must be an in-memory dataset for data-parallel training (...); got 'list:train.txt'."
 */
export function assertDataParallelDataset(fn: string, dataset: string): void {
  if (isStreamedDataset(dataset)) {
    throw new RunOptionsError(
      fn,
      'data.dataset',
      'be an in-memory dataset for data-parallel training (a streamed dataset trains in one process, without --nproc or RANK/WORLD_SIZE)',
      dataset,
    );
  }
}
