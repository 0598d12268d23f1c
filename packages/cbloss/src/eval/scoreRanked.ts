import { shotAccuracy, top1Error } from 'class-balanced-loss';
import { CblossError } from '../CblossError.js';
import type { SplitEvaluation } from './evaluate.js';
import { rankDepth } from './rankStream.js';
import { perClassAccuracyOf, sparseConfusionMatrix } from './sparseConfusionMatrix.js';
import { storedConfusionMatrix } from './storedConfusionMatrix.js';
import { topKError } from './topKError.js';

/**
 * The many/medium/few thresholds of the large-scale long-tail literature (Liu et al. 2019, ImageNet-LT; Kang et al.
 * 2020): many-shot classes have more than 100 training images, few-shot fewer than 20, medium the rest — fixed, not
 * scaled with the largest class as the library's default for small datasets.
 */
export const LARGE_SCALE_SHOTS = { manyAbove: 100, fewBelow: 20 } as const;

/** A streamed split's metrics: those of `evaluateSplit` and the top-5 error, over the images that could be read. */
export interface StreamEvaluation extends SplitEvaluation {
  /** Percent of samples whose class is not among the 5 highest logits (or all C when C < 5: then 0). */
  readonly top5Error: number;
  /** The labels of the evaluated samples, in the order of `predictions` (skipped images left out). */
  readonly labels: Int32Array;
}

/** Options of {@link scoreRanked}. */
export interface ScoreRankedOptions {
  readonly numClasses: number;
  /** Training samples per class: decides the many/medium/few groups, by the literature's fixed thresholds {@link LARGE_SCALE_SHOTS}. */
  readonly trainSamplesPerClass: readonly number[];
}

/**
 * The scoring half of a streamed evaluation, from each sample's class and its k = min(5, C) best classes (as
 * `rankStream` returns them, or gathered from the ranks of a data-parallel run): the first of a sample's k is its
 * prediction. Top-1 and top-5 error, per-class accuracy, the confusion matrix (counted by nonzero cells, O(C + N):
 * {@link storedConfusionMatrix}) and many/medium/few accuracy (> 100, 20–100, < 20 training images:
 * {@link LARGE_SCALE_SHOTS}), with the library's metrics. Pure: numbers in, numbers out.
 *
 * @throws CblossError `shape-mismatch` when `trainSamplesPerClass` does not have C entries or `ranked` is not `[n, k]`.
 * @example
 * const r = scoreRanked(Int32Array.from([0, 1]), Int32Array.from([0, 1, 0, 1]), { numClasses: 2, trainSamplesPerClass: [150, 10] });
 * r.top1Error, r.top5Error; // 50, 0 (sample 1 predicted 0; with C = 2 every class is in the top k)
 */
export function scoreRanked(labels: Int32Array, ranked: Int32Array, options: ScoreRankedOptions): StreamEvaluation {
  const { numClasses, trainSamplesPerClass } = options;
  assertTrainCounts('scoreRanked', numClasses, trainSamplesPerClass);
  const k = rankDepth(numClasses);
  if (ranked.length !== labels.length * k) {
    throw new CblossError('shape-mismatch', `scoreRanked: 'ranked' must hold labels.length × k = ${labels.length} × ${k} classes; got ${ranked.length}.`);
  }
  // tf.topk orders ties by index, as argMax: the first of the k is the top-1 prediction.
  const predictions = Int32Array.from({ length: labels.length }, (_, i) => ranked[i * k] as number);
  // Counted by nonzero cells: the memory stays O(C + N) at any C (a dense matrix is 66 M cells at 8,142 classes).
  const confusion = sparseConfusionMatrix(labels, predictions, numClasses);
  const accuracy = perClassAccuracyOf(confusion);
  return {
    top1Error: top1Error(labels, predictions),
    top5Error: topKError(labels, ranked, k),
    perClassAccuracy: accuracy,
    confusionMatrix: storedConfusionMatrix(confusion),
    shotAccuracy: shotAccuracy(accuracy, trainSamplesPerClass, LARGE_SCALE_SHOTS),
    predictions,
    labels,
  };
}

/**
 * Checks that there is one training count per class, naming the function the caller called.
 * @example assertTrainCounts('evaluateStream', 3, [5, 2]) // throws "evaluateStream: 'trainSamplesPerClass' must have numClasses = 3 entries; got 2."
 */
export function assertTrainCounts(fn: string, numClasses: number, trainSamplesPerClass: readonly number[]): void {
  if (trainSamplesPerClass.length !== numClasses) {
    throw new CblossError('shape-mismatch', `${fn}: 'trainSamplesPerClass' must have numClasses = ${numClasses} entries; got ${trainSamplesPerClass.length}.`);
  }
}
