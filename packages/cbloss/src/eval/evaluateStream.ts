import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { shotAccuracy, top1Error } from 'class-balanced-loss';
import { CblossError } from '../CblossError.js';
import type { DecodePool } from '../data/stream/decodePool.js';
import type { SplitEvaluation } from './evaluate.js';
import { perClassAccuracyOf, sparseConfusionMatrix } from './sparseConfusionMatrix.js';
import { storedConfusionMatrix } from './storedConfusionMatrix.js';
import { topKError } from './topKError.js';

/** Options of {@link evaluateStream}. */
export interface EvaluateStreamOptions {
  readonly numClasses: number;
  /** Training samples per class: decides the many/medium/few groups, by the literature's fixed thresholds {@link LARGE_SCALE_SHOTS}. */
  readonly trainSamplesPerClass: readonly number[];
  /** Added to each row of logits before ranking (post-hoc logit adjustment), length C. Default: none. */
  readonly logitOffsets?: readonly number[] | undefined;
}

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

/**
 * Evaluates a model on a split streamed from disk: `pool` (in `'eval'` mode: resize + centre crop, normalised, no
 * shuffling) decodes it batch by batch in its worker threads within its memory bound; each batch goes through the model
 * in inference mode (batch norm's moving statistics) and only its top-5 classes come back to the host. Scores: top-1 and
 * top-5 error, per-class accuracy, the confusion matrix (O(C + N): {@link storedConfusionMatrix}) and many/medium/few accuracy (> 100, 20–100, < 20 training
 * images: {@link LARGE_SCALE_SHOTS}), with the library's metrics. No tensor
 * outlives the call.
 *
 * @throws CblossError from the pool (a bad file names it) or `shape-mismatch` for a model that does not output `[n, C]`.
 * @example
 * const pool = createDecodePool(ds.test, { transform: { mode: 'eval', size: 224 }, batchSize: 64, seed: 1 });
 * const r = await evaluateStream(model, pool, { numClasses: ds.numClasses, trainSamplesPerClass: ds.trainCounts });
 * r.top1Error, r.top5Error; // e.g. 35.2, 14.8
 */
export async function evaluateStream(model: tfl.LayersModel, pool: DecodePool, options: EvaluateStreamOptions): Promise<StreamEvaluation> {
  const { numClasses, trainSamplesPerClass, logitOffsets } = options;
  if (trainSamplesPerClass.length !== numClasses) {
    throw new CblossError('shape-mismatch', `evaluateStream: 'trainSamplesPerClass' must have numClasses = ${numClasses} entries; got ${trainSamplesPerClass.length}.`);
  }
  const k = Math.min(5, numClasses);
  const labels: number[] = [];
  const ranked: number[] = [];
  for await (const batch of pool.epoch(0)) {
    const top = tf.tidy(() => {
      const logits = model.predict(tf.tensor4d(batch.x, [...batch.shape])) as tf.Tensor;
      if (logits.rank !== 2 || logits.shape[0] !== batch.count || logits.shape[1] !== numClasses) {
        throw new CblossError('shape-mismatch', `evaluateStream: 'model' must output logits [${batch.count}, ${numClasses}]; got [${logits.shape.join(', ')}].`);
      }
      const adjusted = logitOffsets === undefined ? logits : tf.add(logits, tf.tensor1d(Array.from(logitOffsets), 'float32'));
      return tf.topk(adjusted, k).indices;
    });
    const values = await top.data();
    top.dispose();
    for (const v of values) ranked.push(v);
    for (const l of batch.labels) labels.push(l);
  }
  const truth = Int32Array.from(labels);
  const rankedArray = Int32Array.from(ranked);
  // tf.topk orders ties by index, as argMax: the first of the k is the top-1 prediction.
  const predictions = Int32Array.from({ length: truth.length }, (_, i) => rankedArray[i * k] as number);
  // Counted by nonzero cells: the pool's memory bound holds at any C (a dense matrix is 66 M cells at 8,142 classes).
  const confusion = sparseConfusionMatrix(truth, predictions, numClasses);
  const accuracy = perClassAccuracyOf(confusion);
  return {
    top1Error: top1Error(truth, predictions),
    top5Error: topKError(truth, rankedArray, k),
    perClassAccuracy: accuracy,
    confusionMatrix: storedConfusionMatrix(confusion),
    shotAccuracy: shotAccuracy(accuracy, trainSamplesPerClass, LARGE_SCALE_SHOTS),
    predictions,
    labels: truth,
  };
}
