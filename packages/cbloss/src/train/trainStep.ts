import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { PreparedStep } from './batchSource.js';
import type { Sgd } from './sgd.js';

/** A batch loss: integer class labels `[N]` and logits `[N, C]` in, the scalar to minimise out. */
export type BatchLoss = (labels: tf.Tensor1D, logits: tf.Tensor2D) => tf.Scalar;

/**
 * Combines this process's gradients with the other processes' before the update (data-parallel training: an
 * allreduce mean). Gets one gradient per variable (the trainer's order) and returns the tensors to apply, one per
 * variable; the trainer disposes both lists (return the same tensors to apply them as they are).
 */
export type ReduceGradients = (gradients: readonly tf.Tensor[]) => readonly tf.Tensor[] | Promise<readonly tf.Tensor[]>;

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
  readonly reduceGradients?: ReduceGradients | undefined;
}

/**
 * The gradient of the step's loss with respect to every variable, its loss and its correct predictions. One
 * micro-batch: `∇L(batch)`. `N` micro-batches of `n_k` samples (gradient accumulation): the loss of a batch being the
 * mean over its samples, the whole batch's gradient is `Σ_k (n_k / n)·∇L_k` and its loss `Σ_k (n_k / n)·L_k` —
 * exactly the one-batch values for a model without batch norm (up to float rounding); batch norm normalises each
 * micro-batch with its own statistics, as PyTorch with accumulation does. Only one micro-batch's activations are
 * alive at a time. A variable the loss does not reach (none in our models) gets a zero gradient.
 */
export function computeGradients(context: StepContext, step: PreparedStep): { gradients: tf.Tensor[]; outcome: StepOutcome } {
  const { model, variables, loss: lossFn } = context;
  const one = (input: tf.Tensor, labels: tf.Tensor1D): { value: tf.Scalar; grads: tf.NamedTensorMap; correct: tf.Scalar } => {
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(input, { training: true }) as tf.Tensor2D;
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32'))) as tf.Scalar;
      return lossFn(labels, logits);
    }, variables as tf.Variable[]);
    return { value, grads, correct: correct as tf.Scalar };
  };
  const ordered = (grads: tf.NamedTensorMap): tf.Tensor[] => variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  const [first, ...rest] = step.micro;
  if (first === undefined) throw new Error('computeGradients: a step must hold at least one micro-batch.');
  if (rest.length === 0) {
    const { value, grads, correct } = one(first.input, first.labels);
    return { gradients: ordered(grads), outcome: { loss: value, correct } };
  }
  let sum: tf.Tensor[] | undefined;
  let lossSum: tf.Scalar | undefined;
  let correctSum: tf.Scalar | undefined;
  for (const micro of step.micro) {
    const { value, grads, correct } = one(micro.input, micro.labels);
    const weight = micro.count / step.count;
    const gradients = ordered(grads);
    const next = tf.tidy(() => ({
      sum: gradients.map((g, i) => (sum === undefined ? tf.mul(g, weight) : tf.add(sum[i] as tf.Tensor, tf.mul(g, weight)))),
      loss: lossSum === undefined ? tf.mul(value, weight) : tf.add(lossSum, tf.mul(value, weight)),
      correct: correctSum === undefined ? tf.clone(correct) : tf.add(correctSum, correct),
    }));
    tf.dispose([...gradients, value, correct, ...(sum ?? []), ...(lossSum ? [lossSum] : []), ...(correctSum ? [correctSum] : [])]);
    sum = next.sum;
    lossSum = next.loss as tf.Scalar;
    correctSum = next.correct as tf.Scalar;
  }
  return { gradients: sum as tf.Tensor[], outcome: { loss: lossSum as tf.Scalar, correct: correctSum as tf.Scalar } };
}

/**
 * One SGD step: the gradients of the step's data ({@link computeGradients}), combined across processes when
 * `reduceGradients` is given (the data-parallel seam), then the optimiser's update at `learningRate`. Returns the
 * step's loss and correct count as scalars on the backend, NOT read: the trainer reads them later (one step late), so
 * a step never waits for the host. Disposes the gradients; the caller disposes `step` and the outcome.
 *
 * @example
 * const outcome = await trainStep({ model, variables, sgd, loss }, step, 0.1);
 * const [loss] = await outcome.loss.data();
 */
export async function trainStep(context: StepContext, step: PreparedStep, learningRate: number): Promise<StepOutcome> {
  const { gradients, outcome } = computeGradients(context, step);
  let applied: readonly tf.Tensor[] = gradients;
  try {
    if (context.reduceGradients !== undefined) applied = await context.reduceGradients(gradients);
    context.sgd.step(applied, learningRate);
    return outcome;
  } catch (e) {
    tf.dispose([outcome.loss, outcome.correct]);
    throw e;
  } finally {
    tf.dispose(gradients);
    if (applied !== gradients) tf.dispose(applied as tf.Tensor[]);
  }
}
