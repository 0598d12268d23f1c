import * as tf from '@tensorflow/tfjs-core';
import type { StepContext, StepOutcome } from '../train/trainStep.js';
import type { DataParallel } from './DataParallel.js';

/** One rank's part of a data-parallel SGD step (see {@link dataParallelStep}). */
export interface ShardStep {
  /**
   * This rank's step as `accumulateGradients(...).finish()` gives it: the mean gradient over its n_r samples (one per
   * variable, the trainer's order) and its mean loss and correct count; `undefined` when it got no samples (n < N in
   * an epoch's last batch). Disposed.
   */
  readonly local: { readonly gradients: tf.Tensor[]; readonly outcome: StepOutcome } | undefined;
  /** n_r: this rank's number of samples. */
  readonly count: number;
  /** n: the size of the global batch, Σ_r n_r. */
  readonly globalCount: number;
  readonly learningRate: number;
  /** Whether this rank was asked to stop (Ctrl-C); the ranks agree on it with the step. */
  readonly stop: boolean;
}

/** What a data-parallel step returns: the same on every rank. */
export interface ShardStepResult {
  /**
   * The global batch's loss, Σ_r (n_r / n)·L_r (the batch mean when the loss is a mean over examples), and its
   * correct predictions: scalars on the backend, not read (the trainer reads them one step late); the caller disposes.
   */
  readonly outcome: StepOutcome;
  /** True when any rank was asked to stop. */
  readonly stop: boolean;
}

/**
 * One data-parallel SGD step, the trainer's only gradient exchange. Rank r weights its mean gradient ∇L_r by its share
 * of the global batch, n_r / n; one sum over ranks (in flat buckets, with the weighted loss, the number of correct
 * predictions and the stop flags in the same exchange) gives every rank Σ_r (n_r / n)·∇L_r, which is the gradient of
 * the whole batch's mean loss when the loss is a mean over examples (softmax, sigmoid and focal losses: exactly what
 * one process with the global batch computes, up to float32 rounding); for losses normalised by the batch's summed
 * class weights (`weightedMean`) it is the weighted combination of the per-rank losses, as in PyTorch's DDP. Every
 * rank then applies the same SGD update. A rank with no examples contributes zeros. With gradient accumulation, ∇L_r
 * is already the mean over the rank's micro-batches. Batch-norm layers normalise with their own rank's batch
 * statistics (DDP without SyncBN).
 *
 * The stop flag is read at once (every rank must know whether to go on); the loss and correct count stay on the
 * backend, so a non-finite global loss is reported by the trainer one step late, on every rank alike.
 *
 * @example
 * const { outcome, stop } = await dataParallelStep(dp, { model, variables, sgd, loss },
 *   { local: accumulator.finish(), count: 64, globalCount: 128, learningRate: 0.1, stop: signal.aborted });
 */
export async function dataParallelStep(dp: DataParallel, context: StepContext, s: ShardStep): Promise<ShardStepResult> {
  const { variables, sgd } = context;
  const share = s.count / s.globalCount;
  const flag = s.stop ? 1 : 0;
  let local: tf.Tensor[];
  try {
    local = tf.tidy(() =>
      s.local === undefined
        ? [...variables.map((v) => tf.zerosLike(v)), tf.tensor1d([0, 0, flag])]
        : [
            ...s.local.gradients.map((g) => tf.mul(g, share)),
            tf.stack([tf.mul(s.local.outcome.loss, share), tf.cast(s.local.outcome.correct, 'float32'), tf.scalar(flag)]),
          ],
    );
  } finally {
    if (s.local !== undefined) tf.dispose([...s.local.gradients, s.local.outcome.loss, s.local.outcome.correct]);
  }
  let summed: tf.Tensor[] = [];
  try {
    summed = await dp.sum(local);
  } finally {
    tf.dispose(local);
  }
  try {
    sgd.step(summed.slice(0, variables.length), s.learningRate);
    const stats = summed[variables.length]!;
    const stop = stats.dataSync()[2]! > 0;
    const outcome = tf.tidy(() => {
      const [loss, correct] = tf.unstack(stats);
      // Σ_r correct_r is a sum of integers in float32, exact below 2^24; rounding keeps it an integer count.
      return { loss: loss as tf.Scalar, correct: tf.cast(tf.round(correct!), 'int32') as tf.Scalar };
    });
    return { outcome, stop };
  } finally {
    tf.dispose(summed);
  }
}
