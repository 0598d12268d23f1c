import * as tf from '@tensorflow/tfjs-core';
import type { StepContext, StepOutcome } from '../train/trainStep.js';
import type { DataParallel } from './DataParallel.js';

/** One rank's part of a data-parallel SGD step (see {@link dataParallelStep}). */
export interface ShardStep {
  /**
   * This rank's step as `accumulateGradients(...).finish()` gives it: the mean gradient over its n_r samples (one per
   * variable, the trainer's order) and its mean loss and correct count; `undefined` when it got no samples (n < N in
   * an epoch's last batch, or all its images skipped). Disposed.
   */
  readonly local: { readonly gradients: tf.Tensor[]; readonly outcome: StepOutcome } | undefined;
  /** n_r: this rank's number of samples. */
  readonly count: number;
  readonly learningRate: number;
  /** Whether this rank was asked to stop (Ctrl-C); the ranks agree on it with the step. */
  readonly stop: boolean;
}

/** What a data-parallel step returns: the same on every rank. */
export interface ShardStepResult {
  /**
   * The global batch's loss, Σ_r n_r·L_r / n (the batch mean when the loss is a mean over examples), and its correct
   * predictions: scalars on the backend (the trainer reads them one step late); the caller disposes. Zeros when n = 0.
   */
  readonly outcome: StepOutcome;
  /** n = Σ_r n_r, the samples of the global batch; 0 when no rank had any (every image of the step skipped): no update. */
  readonly count: number;
  /** True when any rank was asked to stop. */
  readonly stop: boolean;
}

/**
 * One data-parallel SGD step, the trainer's only gradient exchange. Rank r multiplies its mean gradient ∇L_r by its
 * number of samples n_r; one sum over ranks (in flat buckets, with n_r·L_r, the number of correct predictions, the
 * stop flags and n_r in the same exchange) gives every rank Σ_r n_r·∇L_r and n = Σ_r n_r, and
 * Σ_r (n_r / n)·∇L_r is the gradient of the whole batch's mean loss when the loss is a mean over examples (softmax,
 * sigmoid and focal losses: exactly what one process with the global batch computes, up to float32 rounding); for
 * losses normalised by the batch's summed class weights (`weightedMean`) it is the weighted combination of the
 * per-rank losses, as in PyTorch's DDP. Every rank then applies the same SGD update. A rank with no examples
 * contributes zeros; n comes from the exchange, so images a rank skipped (unreadable files) are out of the mean as in
 * one process, and a step with no image left on any rank makes no update (one process leaves it out). With gradient
 * accumulation, ∇L_r is already the mean over the rank's micro-batches. Batch-norm layers normalise with their own
 * rank's batch statistics (DDP without SyncBN).
 *
 * The stop flag and n are read at once (every rank must know whether to go on); the loss and correct count stay on
 * the backend, so a non-finite global loss is reported by the trainer one step late, on every rank alike.
 *
 * @example
 * const { outcome, count, stop } = await dataParallelStep(dp, { model, variables, sgd, loss },
 *   { local: accumulator.finish(), count: 64, learningRate: 0.1, stop: signal.aborted });
 */
export async function dataParallelStep(dp: DataParallel, context: StepContext, s: ShardStep): Promise<ShardStepResult> {
  const { variables, sgd } = context;
  const flag = s.stop ? 1 : 0;
  let local: tf.Tensor[];
  try {
    local = tf.tidy(() =>
      s.local === undefined
        ? [...variables.map((v) => tf.zerosLike(v)), tf.tensor1d([0, 0, flag, 0])]
        : [
            ...s.local.gradients.map((g) => tf.mul(g, s.count)),
            tf.stack([tf.mul(s.local.outcome.loss, s.count), tf.cast(s.local.outcome.correct, 'float32'), tf.scalar(flag), tf.scalar(s.count)]),
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
    const stats = summed[variables.length]!;
    const values = stats.dataSync();
    const stop = values[2]! > 0;
    // Σ_r n_r is a sum of integers in float32, exact below 2^24, as is Σ_r correct_r; rounding keeps them counts.
    const count = Math.round(values[3]!);
    if (count === 0) return { outcome: { loss: tf.scalar(0), correct: tf.scalar(0, 'int32') }, count, stop };
    const gradients = tf.tidy(() => summed.slice(0, variables.length).map((g) => tf.div(g, count)));
    try {
      sgd.step(gradients, s.learningRate);
    } finally {
      tf.dispose(gradients);
    }
    const outcome = tf.tidy(() => {
      const [loss, correct] = tf.unstack(stats);
      return { loss: tf.div(loss!, count) as tf.Scalar, correct: tf.cast(tf.round(correct!), 'int32') as tf.Scalar };
    });
    return { outcome, count, stop };
  } finally {
    tf.dispose(summed);
  }
}
