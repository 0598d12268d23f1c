import { longTailedIndices, type LongTailedIndexOptions } from '../longTailedIndices.js';
import type { StreamDataset, StreamSplit } from './StreamDataset.js';

/**
 * The long-tailed subset of a streamed dataset's training split (Cui et al., arXiv:1901.05555, §5.1: class
 * `i` keeps `floor(n_max · (1/IF)^(i/(C−1)))` images, a seeded random subset), chosen from the labels of the
 * index by the same `longTailedIndices` as the in-memory `makeLongTailed`, so no image is decoded and the
 * same seed picks the same samples. The test split is left as it is. `trainCounts` becomes the new counts.
 *
 * @example
 * const lt = longTailedStream(openStreamDataset('ilsvrc:/data/ILSVRC2012'), { imbalanceFactor: 256, seed: 1, maxCount: 1280 });
 * lt.trainCounts[0], lt.trainCounts[999]; // 1280, 5
 */
export function longTailedStream(dataset: StreamDataset, options: LongTailedIndexOptions): StreamDataset & { readonly indices: Int32Array } {
  const { indices, samplesPerClass } = longTailedIndices(dataset.train.labels, dataset.numClasses, options, 'longTailedStream');
  const train: StreamSplit = {
    paths: Array.from(indices, (i) => dataset.train.paths[i] as string),
    labels: indices.map((i) => dataset.train.labels[i] as number),
    count: indices.length,
  };
  return { ...dataset, train, trainCounts: samplesPerClass, indices };
}
