import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { PreparedBatch } from './batchSource.js';
import type { Sgd } from './sgd.js';

/** A batch loss: integer class labels `[N]` and logits `[N, C]` in, the scalar to minimise out. */
export type BatchLoss = (labels: tf.Tensor1D, logits: tf.Tensor2D) => tf.Scalar;

/** What one step leaves to read later: its loss and its number of correct predictions, scalars the caller disposes. */
export interface StepOutcome {
  readonly loss: tf.Scalar;
  readonly correct: tf.Scalar;
}

/** What a step needs besides its data. */
export interface StepContext {
  readonly model: LayersModel;
  readonly variables: readonly tf.Variable[];
  readonly sgd: Sgd;
  readonly loss: BatchLoss;
}

/**
 * The gradient of a step's loss with respect to every variable, its loss and its correct predictions, built from its
 * micro-batches as they come (`add`), so that only one micro-batch's input and activations are alive at a time.
 * One micro-batch: `∇L(batch)` as it is. `N` micro-batches of `n_k` samples (gradient accumulation): the loss of a
 * batch being the mean over its samples, the whole batch's gradient is `(1/n)·Σ_k n_k·∇L_k` and its loss
 * `(1/n)·Σ_k n_k·L_k` — the one-batch values for a model without batch norm (up to float rounding); batch norm
 * normalises each micro-batch with its own statistics, as PyTorch with accumulation does. A variable the loss does
 * not reach (none in our models) gets a zero gradient.
 */
export interface GradientAccumulator {
  /** Adds a micro-batch (`last`: the step's only one, when it is also the first: then nothing is rescaled). */
  add(micro: PreparedBatch, last: boolean): void;
  /** The step's gradients (one per variable) and outcome; the accumulator is empty afterwards. */
  finish(): { gradients: tf.Tensor[]; outcome: StepOutcome };
  /** Frees what was accumulated (when a step is abandoned). */
  dispose(): void;
}

/** A {@link GradientAccumulator} over the context's model, variables and loss. */
export function accumulateGradients(context: StepContext): GradientAccumulator {
  const { model, variables, loss: lossFn } = context;
  const ordered = (grads: tf.NamedTensorMap): tf.Tensor[] => variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  const one = (micro: PreparedBatch): { value: tf.Scalar; gradients: tf.Tensor[]; correct: tf.Scalar } => {
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(micro.input, { training: true }) as tf.Tensor2D;
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), micro.labels), 'int32'))) as tf.Scalar;
      return lossFn(micro.labels, logits);
    }, variables as tf.Variable[]);
    return { value, gradients: ordered(grads), correct: correct as tf.Scalar };
  };
  let single: { gradients: tf.Tensor[]; outcome: StepOutcome } | undefined;
  /** Σ n_k·∇L_k, Σ n_k·L_k, Σ correct_k and Σ n_k so far. */
  let sum: { gradients: tf.Tensor[]; loss: tf.Scalar; correct: tf.Scalar; count: number } | undefined;
  const dispose = (): void => {
    if (single) tf.dispose([...single.gradients, single.outcome.loss, single.outcome.correct]);
    if (sum) tf.dispose([...sum.gradients, sum.loss, sum.correct]);
    single = undefined;
    sum = undefined;
  };
  return {
    add(micro, last) {
      const { value, gradients, correct } = one(micro);
      if (sum === undefined && last) {
        single = { gradients, outcome: { loss: value, correct } };
        return;
      }
      const n = micro.count;
      const previous = sum;
      sum = tf.tidy(() => ({
        gradients: gradients.map((g, i) => (previous === undefined ? tf.mul(g, n) : tf.add(previous.gradients[i] as tf.Tensor, tf.mul(g, n)))),
        loss: (previous === undefined ? tf.mul(value, n) : tf.add(previous.loss, tf.mul(value, n))) as tf.Scalar,
        correct: (previous === undefined ? tf.clone(correct) : tf.add(previous.correct, correct)) as tf.Scalar,
        count: (previous?.count ?? 0) + n,
      }));
      tf.dispose([...gradients, value, correct]);
      if (previous) tf.dispose([...previous.gradients, previous.loss, previous.correct]);
    },
    finish() {
      if (single) {
        const done = single;
        single = undefined;
        return done;
      }
      if (sum === undefined) throw new Error('accumulateGradients: a step must hold at least one micro-batch.');
      const total = sum;
      sum = undefined;
      const done = tf.tidy(() => ({
        gradients: total.gradients.map((g) => tf.div(g, total.count)),
        outcome: { loss: tf.div(total.loss, total.count) as tf.Scalar, correct: tf.clone(total.correct) },
      }));
      tf.dispose([...total.gradients, total.loss, total.correct]);
      return done;
    },
    dispose,
  };
}

/**
 * Ends one SGD step of one process: the optimiser's update at `learningRate` with the accumulated gradients (several
 * processes exchange them first: `dataParallelStep` replaces this call). Returns the step's loss and correct count as
 * scalars on the backend, NOT read: the trainer reads them later (one step late), so a step never waits for the
 * host. Disposes the gradients; the caller disposes the outcome.
 */
export async function applyStep(context: StepContext, accumulated: { gradients: tf.Tensor[]; outcome: StepOutcome }, learningRate: number): Promise<StepOutcome> {
  const { gradients, outcome } = accumulated;
  try {
    context.sgd.step(gradients, learningRate);
    return outcome;
  } catch (e) {
    tf.dispose([outcome.loss, outcome.correct]);
    throw e;
  } finally {
    tf.dispose(gradients);
  }
}

/**
 * One whole SGD step over its micro-batches (one, or several with accumulation): {@link accumulateGradients}, then
 * {@link applyStep}. The trainer runs the same two parts as its micro-batches arrive; this is the step in one call
 * (benchmarks, other loops). The caller disposes the micro-batches and the outcome.
 *
 * @example
 * const outcome = await trainStep({ model, variables, sgd, loss }, [{ input, labels, count: 8 }], 0.1);
 * const [loss] = await outcome.loss.data();
 */
export async function trainStep(context: StepContext, micro: readonly PreparedBatch[], learningRate: number): Promise<StepOutcome> {
  const accumulator = accumulateGradients(context);
  try {
    micro.forEach((m, i) => accumulator.add(m, i === micro.length - 1));
    return await applyStep(context, accumulator.finish(), learningRate);
  } finally {
    accumulator.dispose();
  }
}
