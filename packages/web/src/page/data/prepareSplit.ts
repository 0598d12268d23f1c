import { CbLossError } from 'class-balanced-loss';
import { countLabels } from './countLabels.js';
import { imbalanceFactor } from './imbalanceFactor.js';
import type { PageDataset } from './PageDataset.js';
import { standardize } from './standardize.js';
import { stratifiedSplit, type TrainTestSplit } from './stratifiedSplit.js';

/** A dataset split for training and held-out evaluation. */
export interface PreparedData {
  readonly split: TrainTestSplit;
  /** Training samples per class: the counts the class-balanced weights are computed from. */
  readonly trainCounts: number[];
  readonly testCounts: number[];
  /** Of the training counts. */
  readonly imbalanceFactor: number;
  /** The samples to train on: the dataset's, standardised with the training rows' statistics for tables. */
  readonly x: Float32Array;
}

/**
 * Splits a dataset with a seeded stratified split (see `stratifiedSplit`), counts each part by class and,
 * for tables, standardises a copy of the features with the training rows' mean and deviation.
 *
 * @throws CbLossError('invalid-file') when no class has 2 samples (nothing could be held out).
 * @example
 * const prepared = prepareSplit(dataset, 0.2, 1);
 * prepared.trainCounts; // e.g. [40, 8, 2] for classes of 50, 10 and 3 images
 */
export function prepareSplit(dataset: PageDataset, testFraction: number, seed: number): PreparedData {
  const numClasses = dataset.classNames.length;
  const split = stratifiedSplit(dataset.labels, numClasses, testFraction, seed);
  if (split.test.length === 0) {
    throw new CbLossError('invalid-file', `prepareSplit: '${dataset.name}' must have a class with at least 2 samples to hold one out; got counts [${dataset.samplesPerClass.join(', ')}].`);
  }
  const trainCounts = countLabels(dataset.labels, split.train, numClasses);
  const x = dataset.kind === 'table' ? standardize(Float32Array.from(dataset.x), dataset.sampleShape[0] ?? 1, split.train) : dataset.x;
  return { split, trainCounts, testCounts: countLabels(dataset.labels, split.test, numClasses), imbalanceFactor: imbalanceFactor(trainCounts), x };
}
