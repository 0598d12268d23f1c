import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { shotAccuracy, top1Error } from 'class-balanced-loss';
import { CblossError } from '../CblossError.js';
import type { DataSplit, ShotAccuracy } from '../types.js';
import { perClassAccuracyOf, sparseConfusionMatrix } from './sparseConfusionMatrix.js';
import { storedConfusionMatrix, type StoredConfusionMatrix } from './storedConfusionMatrix.js';

/** Turns a raw batch (pixels 0..255 or tabular features, as float32) into the model's input. */
export type NormalizeFn = (batch: tf.Tensor) => tf.Tensor;

/** Default number of samples per forward pass when predicting. */
export const DEFAULT_EVAL_BATCH_SIZE = 256;

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function modelInputShape(model: tfl.LayersModel): (number | null)[] {
  return model.inputs[0]?.shape ?? [];
}

function fitsModelInput(model: tfl.LayersModel, shape: readonly number[]): boolean {
  const expected = modelInputShape(model);
  return expected.length === shape.length && expected.every((d, i) => d === null || d === shape[i]);
}

/** Options of {@link predictClasses}. */
export interface PredictOptions {
  /** Samples per forward pass; default 256. */
  readonly batchSize?: number;
  /**
   * Added to each row of logits before the argmax (length C): e.g. post-hoc logit adjustment −τ·log π_c (Menon et
   * al., arXiv:2007.07314), from `logPriors(counts)`. Default: none.
   */
  readonly logitOffsets?: readonly number[] | undefined;
}

/**
 * Predicted class (arg-max of the logits; ties go to the lowest index) of each of the first `count` samples
 * of `x`, in batches of `batchSize`, in inference mode (`model.predict`: batch norm uses its moving
 * statistics). Each batch is built as a `float32` tensor `[n, ...sampleShape]` (pixels stay 0..255), passed
 * through `normalize`, then the model, all inside `tf.tidy`: no tensor outlives the call.
 *
 * @param x samples, row-major (`count × prod(sampleShape)` values at least).
 * @param batchSize samples per forward pass; default 256.
 * @returns `Int32Array` of length `count`.
 * @throws CblossError `invalid-argument` / `shape-mismatch` for bad sizes or a model that does not output `[n, C]`.
 * @example
 * const stats = channelStats(train.x, train.count, [28, 28, 1]);
 * const predicted = predictClasses(model, test.x, test.count, [28, 28, 1], (b) => normalizeBatch(b, stats));
 */
export function predictClasses(
  model: tfl.LayersModel,
  x: Uint8Array | Float32Array,
  count: number,
  sampleShape: readonly number[],
  normalize: NormalizeFn,
  options: PredictOptions = {},
): Int32Array {
  const { batchSize = DEFAULT_EVAL_BATCH_SIZE, logitOffsets } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new CblossError('invalid-argument', `predictClasses: 'count' must be a non-negative integer; got ${count}.`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new CblossError('invalid-argument', `predictClasses: 'batchSize' must be a positive integer; got ${batchSize}.`);
  }
  if (sampleShape.length === 0 || !sampleShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new CblossError('invalid-argument', `predictClasses: 'sampleShape' must be a non-empty list of positive integers; got [${sampleShape.join(', ')}].`);
  }
  const size = product(sampleShape);
  if (x.length < count * size) {
    throw new CblossError('shape-mismatch', `predictClasses: 'x' must hold count × [${sampleShape.join(', ')}] = ${count * size} values; got ${x.length}.`);
  }
  const predicted = new Int32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const classes = tf.tidy(() => {
      const raw = tf.tensor(x.subarray(start * size, (start + n) * size), [n, ...sampleShape], 'float32');
      const input = normalize(raw);
      if (!fitsModelInput(model, input.shape)) {
        throw new CblossError(
          'shape-mismatch',
          `predictClasses: 'normalize' must give the model's input shape [${modelInputShape(model).map(String).join(', ')}]; got [${input.shape.join(', ')}].`,
        );
      }
      const logits = model.predict(input) as tf.Tensor;
      if (logits.rank !== 2 || logits.shape[0] !== n) {
        throw new CblossError('shape-mismatch', `predictClasses: 'model' must output logits [${n}, C]; got [${logits.shape.join(', ')}].`);
      }
      if (logitOffsets !== undefined && logitOffsets.length !== logits.shape[1]) {
        throw new CblossError('shape-mismatch', `predictClasses: 'logitOffsets' must have one value per class (${logits.shape[1]}); got ${logitOffsets.length} values.`);
      }
      return tf.argMax(logitOffsets === undefined ? logits : tf.add(logits, tf.tensor1d(Array.from(logitOffsets), 'float32')), 1);
    });
    const values = classes.dataSync();
    classes.dispose();
    predicted.set(values, start);
  }
  return predicted;
}

/** Options of {@link evaluateSplit}. */
export interface EvaluateSplitOptions {
  /** Shape of one sample (`Dataset.sampleShape`). */
  readonly sampleShape: readonly number[];
  readonly numClasses: number;
  /** Input standardisation, e.g. `(b) => normalizeBatch(b, stats)` with stats from the training split. */
  readonly normalize: NormalizeFn;
  /** Training samples per class (after the long-tail construction): decides the many/medium/few-shot groups. */
  readonly trainSamplesPerClass: readonly number[];
  /** Samples per forward pass; default 256. */
  readonly batchSize?: number;
  /** Added to the logits before the argmax: see {@link PredictOptions}. */
  readonly logitOffsets?: readonly number[] | undefined;
}

/** The metrics of one split; the first four go straight into `RunResults`. */
export interface SplitEvaluation {
  /** Percent of misclassified samples. */
  readonly top1Error: number;
  /** Percent correct per class, by class index; null for a class with no sample in the split. */
  readonly perClassAccuracy: (number | null)[];
  /**
   * `[true][predicted]` counts as `results.json` stores them ({@link storedConfusionMatrix}): `numClasses × numClasses`
   * up to `DENSE_CONFUSION_MAX_CLASSES` classes, else only the nonzero cells (at most one per sample).
   */
  readonly confusionMatrix: StoredConfusionMatrix;
  /** Mean per-class accuracy of the many/medium/few-shot groups (by training counts). */
  readonly shotAccuracy: ShotAccuracy;
  /** The predicted class of each sample. */
  readonly predictions: Int32Array;
}

/**
 * Predicts every sample of a split ({@link predictClasses}) and scores it with the library's metrics:
 * top-1 error, per-class accuracy, confusion matrix (counted by its nonzero cells, stored dense only for few classes:
 * {@link storedConfusionMatrix}) and many/medium/few-shot accuracy. Memory beyond the predictions is O(C + N).
 *
 * @throws CblossError as {@link predictClasses}, and `shape-mismatch` when `trainSamplesPerClass` does not have
 *   `numClasses` entries.
 * @example
 * const result = evaluateSplit(model, dataset.test, {
 *   sampleShape: dataset.sampleShape, numClasses: 10, normalize: (b) => normalizeBatch(b, stats),
 *   trainSamplesPerClass: [5000, 2997, 1796, 1077, 645, 387, 232, 139, 83, 50],
 * });
 * result.top1Error; // e.g. 29.6
 */
export function evaluateSplit(model: tfl.LayersModel, split: DataSplit, options: EvaluateSplitOptions): SplitEvaluation {
  const { sampleShape, numClasses, normalize, trainSamplesPerClass, batchSize, logitOffsets } = options;
  if (trainSamplesPerClass.length !== numClasses) {
    throw new CblossError(
      'shape-mismatch',
      `evaluateSplit: 'trainSamplesPerClass' must have numClasses = ${numClasses} entries; got ${trainSamplesPerClass.length}.`,
    );
  }
  const predictions = predictClasses(model, split.x, split.count, sampleShape, normalize, {
    ...(batchSize === undefined ? {} : { batchSize }),
    logitOffsets,
  });
  const labels = split.labels.subarray(0, split.count);
  // Counted by nonzero cells: memory O(C + N), not the C² of a dense matrix (66 M cells at 8,142 classes).
  const confusion = sparseConfusionMatrix(labels, predictions, numClasses);
  const accuracy = perClassAccuracyOf(confusion);
  return {
    top1Error: top1Error(labels, predictions),
    perClassAccuracy: accuracy,
    confusionMatrix: storedConfusionMatrix(confusion),
    shotAccuracy: shotAccuracy(accuracy, trainSamplesPerClass),
    predictions,
  };
}
