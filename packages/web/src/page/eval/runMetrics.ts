import { balancedError, confusionMatrix, perClassAccuracy, shotAccuracy, top1Error, type ShotAccuracy } from 'class-balanced-loss';

/** Held-out metrics of a run. */
export interface RunMetrics {
  /** Top-1 accuracy %, over all held-out samples. */
  readonly accuracy: number;
  /** Mean of the per-class accuracies % (100 − balanced error): each class counts the same. */
  readonly balancedAccuracy: number;
  /** Accuracy % per class, null for a class without held-out samples. */
  readonly perClass: (number | null)[];
  /** Many/medium/few-shot accuracies, grouped by training count. */
  readonly shots: ShotAccuracy;
  /** `confusion[true][predicted]` counts. */
  readonly confusion: number[][];
}

/**
 * The held-out metrics of a run from the library's metrics: top-1 and balanced accuracy, per-class accuracy,
 * many/medium/few-shot accuracy (thresholds from the training counts) and the confusion matrix.
 *
 * @example
 * runMetrics([0, 0, 1], [0, 1, 1], 2, [20, 2]);
 * // { accuracy: 66.67, balancedAccuracy: 75, perClass: [50, 100], shots: { many: 50, …, few: 100 }, confusion: [[1, 1], [0, 1]] }
 */
export function runMetrics(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number, trainCounts: readonly number[]): RunMetrics {
  const perClass = perClassAccuracy(labels, predictions, numClasses);
  return {
    accuracy: 100 - top1Error(labels, predictions),
    balancedAccuracy: 100 - balancedError(labels, predictions, numClasses),
    perClass,
    shots: shotAccuracy(perClass, trainCounts),
    confusion: confusionMatrix(labels, predictions, numClasses),
  };
}
