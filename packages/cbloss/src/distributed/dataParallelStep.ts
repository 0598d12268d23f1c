import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CbLossError } from 'class-balanced-loss';
import type { Sgd } from '../train/sgd.js';
import type { BatchLoss } from '../train/trainModel.js';
import type { DataParallel } from './DataParallel.js';

/** One rank's part of a data-parallel SGD step (see {@link dataParallelStep}). */
export interface ShardStep {
  readonly model: LayersModel;
  /** The trainable variables, in the optimiser's order (the same on every rank). */
  readonly variables: readonly tf.Variable[];
  readonly sgd: Sgd;
  readonly loss: BatchLoss;
  /** This rank's model input `[n_r, ...]`; disposed. */
  readonly input: tf.Tensor;
  /** This rank's labels (n_r of them; possibly none). */
  readonly labels: Int32Array;
  /** n: the size of the global batch, Σ_r n_r. */
  readonly globalCount: number;
  readonly learningRate: number;
  /** Whether this rank was asked to stop (Ctrl-C); the ranks agree on it with the step. */
  readonly stop: boolean;
}

/** What a data-parallel step returns: the same on every rank. */
export interface ShardStepResult {
  /** The global batch's loss, Σ_r (n_r / n)·L_r (the batch mean when the loss is a mean over examples). */
  readonly loss: number;
  /** Correct training predictions over the global batch. */
  readonly correct: number;
  /** n, the global batch size. */
  readonly count: number;
  /** True when any rank was asked to stop. */
  readonly stop: boolean;
}

/**
 * One data-parallel SGD step. Rank r computes the gradient of (n_r / n)·L_r, its mean loss weighted by its share of
 * the global batch; one sum over ranks (in flat buckets, with the loss, the number of correct predictions and the
 * stop flags in the same exchange) gives every rank Σ_r (n_r / n)·∇L_r, which is the gradient of the whole batch's
 * mean loss when the loss is a mean over examples (softmax, sigmoid and focal losses: exactly what one process with
 * the global batch computes, up to float32 rounding); for losses normalised by the batch's summed class weights
 * (`weightedMean`) it is the weighted combination of the per-rank losses, as in PyTorch's DDP. Every rank then applies
 * the same SGD update. A rank with no examples (n < N in an epoch's last batch) contributes zeros. Batch-norm layers
 * normalise with their own rank's batch statistics (DDP without SyncBN).
 *
 * @throws CbLossError when the global loss is not finite (on every rank alike).
 * @example
 * const { loss, stop } = await dataParallelStep(dp, { model, variables, sgd, loss: batchLoss, input, labels,
 *   globalCount: 128, learningRate: 0.1, stop: signal.aborted });
 */
export async function dataParallelStep(dp: DataParallel, s: ShardStep): Promise<ShardStepResult> {
  const { variables, labels } = s;
  const local: tf.Tensor[] = [];
  try {
    if (labels.length === 0) {
      s.input.dispose();
      local.push(...variables.map((v) => tf.zerosLike(v)), tf.tensor1d([0, 0, s.stop ? 1 : 0]));
    } else {
      local.push(...localGradients(s));
    }
    const summed = await dp.sum(local);
    try {
      s.sgd.step(summed.slice(0, variables.length), s.learningRate);
      const [loss, correct, stops] = summed[variables.length]!.dataSync();
      if (!Number.isFinite(loss)) {
        throw new CbLossError('invalid-argument', `trainModel: 'loss' must stay finite; got ${loss} (lower '--lr'?).`);
      }
      return { loss: loss!, correct: Math.round(correct!), count: s.globalCount, stop: stops! > 0 };
    } finally {
      tf.dispose(summed);
    }
  } finally {
    tf.dispose(local);
  }
}

/** This rank's weighted gradients (one per variable) and `[weighted loss, correct, stop]`. Disposes `input`. */
function localGradients(s: ShardStep): tf.Tensor[] {
  const share = s.labels.length / s.globalCount;
  const labelTensor = tf.tensor1d(s.labels, 'int32');
  let correct: tf.Tensor | undefined;
  try {
    const { value, grads } = tf.variableGrads(() => {
      const logits = s.model.apply(s.input, { training: true }) as tf.Tensor2D;
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labelTensor), 'float32')));
      return tf.mul(s.loss(labelTensor, logits), share) as tf.Scalar;
    }, s.variables as tf.Variable[]);
    // A variable the loss does not reach (none in our models) gets a zero gradient.
    const gradients = s.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
    const stats = tf.tidy(() => tf.stack([value, correct!, tf.scalar(s.stop ? 1 : 0)]));
    value.dispose();
    return [...gradients, stats];
  } finally {
    s.input.dispose();
    labelTensor.dispose();
    correct?.dispose();
  }
}
