import * as tf from '@tensorflow/tfjs-core';
// Registers the gradients of the core ops, needed by tf.variableGrads (works under Node's CJS bundles and vitest's ESM).
import '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CbLossError } from 'class-balanced-loss';
import type { DataSplit, EpochRecord } from '../types.js';
import { createRng, type Rng } from '../util/rng.js';
import { augmentBatch } from './augment.js';
import { saveCheckpoint, type Checkpoint, type CheckpointConfig, type PartialEpoch, type TrainingProgress } from './checkpoint.js';
import { gatherBatch } from './gatherBatch.js';
import { sampleEpoch, type SamplerName } from 'class-balanced-loss/core';
import { describeSchedule } from './describeSchedule.js';
import { learningRateAt } from './learningRate.js';
import { createProgress } from './progress.js';
import { createSgd } from './sgd.js';
import { TrainingInterruptedError } from './TrainingInterruptedError.js';
import { anyRank } from '../distributed/anyRank.js';
import type { DataParallel } from '../distributed/DataParallel.js';
import { dataParallelStep } from '../distributed/dataParallelStep.js';
import { shardRange } from '../distributed/shardRange.js';
import { syncFromRankZero } from '../distributed/syncFromRankZero.js';

/** A batch loss: integer class labels `[N]` and logits `[N, C]` in, the scalar to minimise out. */
export type BatchLoss = (labels: tf.Tensor1D, logits: tf.Tensor2D) => tf.Scalar;

/** One SGD step as {@link TrainModelOptions.onStep} reports it. */
export interface StepRecord {
  /** 0-based epoch and batch within it. */
  readonly epoch: number;
  readonly batch: number;
  /** The batch loss the step minimised (the float32 value of `loss`, before the update). */
  readonly loss: number;
  /** The learning rate the step used. */
  readonly learningRate: number;
}

/** Everything {@link trainModel} needs. */
export interface TrainModelOptions {
  /** A model mapping `[N, ...sampleShape]` inputs to `[N, C]` logits; trained in place. */
  readonly model: LayersModel;
  readonly train: DataSplit;
  /** `[H, W, C]` for images, `[F]` for tabular samples. */
  readonly sampleShape: readonly number[];
  readonly loss: BatchLoss;
  /**
   * Turns a batch of raw samples into the model input (normalisation), e.g. with eval's `normalizeBatch`.
   * Default: Uint8 pixels / 255, Float32 features as they are; shaped `[N, ...sampleShape]`.
   */
  readonly toInput?: (x: Uint8Array | Float32Array, count: number) => tf.Tensor;
  readonly epochs: number;
  readonly batchSize: number;
  /** Peak learning rate of the schedule ({@link learningRateAt}). */
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly warmupEpochs: number;
  /** LR milestones in epochs; default `[0.8·epochs, 0.9·epochs]`. */
  readonly milestones?: readonly number[];
  /**
   * The variables weight decay applies to (anything with a `name`: LayerVariables or tf.Variables).
   * Default: every trainable variable of rank ≥ 2 (kernels, not biases nor batch-norm γ/β).
   */
  readonly weightDecayVariables?: readonly { readonly name: string }[];
  /** Random crop (pad 4) + horizontal flip of Uint8 `[H, W, C]` images. */
  readonly augment: boolean;
  /** How each epoch draws its examples: a sampler of the library's registry (`SAMPLERS`), default `'instance'` (every
   * example once, shuffled). Deterministic given the seed and the epoch, so resuming mid-epoch is exact. */
  readonly sampler?: SamplerName;
  readonly seed: number;
  /** Where to save a checkpoint after every epoch (and on interruption). None: no checkpoints. */
  readonly checkpointDir?: string;
  /** Stored with each checkpoint (e.g. the run options), for the caller to check on resume. */
  readonly checkpointMeta?: Readonly<Record<string, unknown>>;
  /** Continue from this checkpoint (see `loadCheckpoint`); it must come from the same settings. */
  readonly resumeFrom?: Checkpoint;
  /** Top-1 error (percent) on the held-out set after an epoch (1-based); stored as `testError`. */
  readonly evaluate?: (epoch: number) => number | Promise<number>;
  /** How the progress lines name the held-out error (e.g. `'val err'`). Default `'test err'`. */
  readonly heldOutLabel?: string;
  /** Evaluate every this many epochs, and always after the last one. Default 1. */
  readonly evaluateEvery?: number;
  /** Called before each epoch's first batch (also when resuming mid-epoch) with the 0-based epoch, e.g. the loss's
   * `setEpoch` for deferred re-weighting. */
  readonly onEpochStart?: (epoch: number) => void;
  /** Called after every SGD step (e.g. to compare a run step by step with another implementation). */
  readonly onStep?: (step: StepRecord) => void;
  /** Called after each epoch (after its checkpoint is saved), with the whole history so far (resumed part included). */
  readonly onEpoch?: (record: EpochRecord, progress: { readonly history: readonly EpochRecord[]; readonly epochs: number }) => void | Promise<void>;
  /** Plain progress lines; default stderr. */
  readonly log?: (line: string) => void;
  /** Draw a progress bar; default `process.stderr.isTTY`. */
  readonly progressBar?: boolean;
  /** When aborted, training stops after the current batch, saves a checkpoint and throws {@link TrainingInterruptedError}. */
  readonly signal?: AbortSignal;
  /** How to continue after an interruption, quoted in the error message (e.g. `cbloss train --out DIR --resume`). */
  readonly resumeHint?: string;
  /**
   * Data-parallel training: this process is one rank of a group (see `DataParallel`). Every rank starts from rank 0's
   * weights and momentum, cuts the same seeded epoch order into the same global batches of `batchSize` and takes its
   * contiguous part of each (`shardRange`); the gradients are summed over ranks, each weighted by its share of the
   * batch, and every rank applies the same update (`dataParallelStep`). Checkpoints, progress, `loss` values and the
   * history are in global terms, so a run may resume with another number of ranks. Give `checkpointDir`,
   * `evaluate` and `onEpoch` to rank 0 only.
   */
  readonly distributed?: DataParallel;
}

/** What {@link trainModel} returns. */
export interface TrainResult {
  readonly history: readonly EpochRecord[];
  /** Training time over the whole run (resumed parts included), evaluation and checkpoints excluded. */
  readonly trainSeconds: number;
  readonly imagesPerSecond: number;
}

/**
 * Trains `model` with SGD + momentum on `train`, the paper's recipe (arXiv:1901.05555, §5.1): per epoch a seeded
 * permutation of the training set cut into batches of `batchSize` (the last one smaller), optional augmentation,
 * normalisation, logits, `loss`, then an SGD step with L2 weight decay at the scheduled learning rate.
 *
 * Reproducible: the order of epoch `e` comes from `createRng(seed).fork('shuffle:e')` and the augmentation of its
 * batch `b` from `.fork('augment:e').fork('batch:b')`, so a run resumed from a checkpoint — even one taken in the
 * middle of an epoch — does exactly what the uninterrupted run would have done (bit-identical on the cpu backend).
 *
 * Before the first step the learning-rate schedule is logged ({@link describeSchedule}), with a note when a run
 * shorter than the paper's scales its schedule down. After every epoch: an {@link EpochRecord} (mean loss, training accuracy, learning rate, time, throughput and, when
 * `evaluate` is given, the held-out error), a checkpoint in `checkpointDir`, the `onEpoch` hook and a progress line.
 * No tensors are left behind.
 *
 * @example
 * const { history } = await trainModel({ model, train, sampleShape: [28, 28, 1], loss, epochs: 10,
 *   batchSize: 128, learningRate: 0.1, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 5, augment: false,
 *   seed: 1, checkpointDir: 'run/checkpoint' });
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainResult> {
  const { model, train, sampleShape, epochs, batchSize, seed, signal, distributed } = options;
  const sampler = options.sampler ?? 'instance';
  validate(options);
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  const batches = Math.ceil(train.count / batchSize);
  const config: CheckpointConfig = {
    epochs,
    batchSize,
    trainCount: train.count,
    seed,
    learningRate: options.learningRate,
    momentum: options.momentum,
    weightDecay: options.weightDecay,
    warmupEpochs: options.warmupEpochs,
    augment: options.augment,
  };
  const toInput = options.toInput ?? defaultInput(sampleShape);
  const schedule = {
    baseLr: options.learningRate,
    warmupEpochs: options.warmupEpochs,
    epochs,
    ...(options.milestones ? { milestones: options.milestones } : {}),
  };

  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decayNames = new Set(
    (options.weightDecayVariables ?? model.trainableWeights.filter((w) => w.shape.length >= 2)).map((v) => v.name),
  );
  const sgd = createSgd(variables, {
    momentum: options.momentum,
    weightDecay: options.weightDecay,
    decayed: variables.map((v) => decayNames.has(v.name)),
  });

  let state: TrainingProgress = {
    epoch: 0,
    batch: 0,
    partial: { lossSum: 0, correct: 0, seen: 0, seconds: 0 },
    history: [],
    rngState: createRng(seed).state(),
    trainSeconds: 0,
    samplesSeen: 0,
  };
  if (options.resumeFrom) {
    state = restore(options.resumeFrom, config, model, sgd);
  }
  // [data-parallel] every rank starts from rank 0's weights and momentum buffers.
  if (distributed) await syncFromRankZero(distributed, model, sgd);
  const root = createRng({ state: state.rngState });
  const progress = createProgress({
    epochs,
    batchesPerEpoch: batches,
    startStep: state.epoch * batches + state.batch,
    ...(options.log ? { log: options.log } : {}),
    ...(options.progressBar !== undefined ? { bar: options.progressBar } : {}),
    ...(options.heldOutLabel !== undefined ? { heldOutLabel: options.heldOutLabel } : {}),
  });
  // Say where the learning rate goes before any step: a short run scales the paper's schedule down.
  for (const line of describeSchedule(schedule)) progress.line(line);
  const save = async (s: TrainingProgress): Promise<void> => {
    if (options.checkpointDir === undefined) return;
    await saveCheckpoint(options.checkpointDir, {
      config,
      progress: s,
      modelWeights: snapshotWeights(model),
      optimizerState: sgd.getState().map((values, i) => ({ name: variables[i]!.name, shape: variables[i]!.shape, values })),
      meta: options.checkpointMeta ?? {},
    });
  };
  // The error's message says where the checkpoint is and how to resume; the caller prints it (the CLI does).
  const interrupt = (s: TrainingProgress): TrainingInterruptedError =>
    new TrainingInterruptedError(s.epoch, s.batch, options.checkpointDir, options.resumeHint);

  try {
    // [data-parallel] the ranks agree whether to stop before the first step too.
    if (distributed ? await anyRank(distributed, signal?.aborted === true) : signal?.aborted) {
      await save(state);
      throw interrupt(state);
    }
    for (let epoch = state.epoch; epoch < epochs; epoch++) {
      const order = sampleEpoch(train.labels, { sampler, seed, epoch, numEpochs: epochs });
      const augmentRng = root.fork(`augment:${epoch}`);
      let partial: PartialEpoch = epoch === state.epoch ? state.partial : { lossSum: 0, correct: 0, seen: 0, seconds: 0 };
      const firstBatch = epoch === state.epoch ? state.batch : 0;
      options.onEpochStart?.(epoch);
      let learningRate = 0;
      for (let b = firstBatch; b < batches; b++) {
        const started = performance.now();
        const start = b * batchSize;
        const end = Math.min(train.count, (b + 1) * batchSize);
        // [data-parallel] this rank's contiguous part of the global batch (the whole batch in one process).
        const [from, to] = distributed ? shardRange(start, end, distributed.rank, distributed.worldSize) : [start, end];
        const batch = gatherBatch(train, sampleSize, order, from, to);
        const pixels =
          options.augment && batch.x instanceof Uint8Array
            ? augmentBatch(batch.x, batch.count, sampleShape, augmentRng.fork(`batch:${b}`), { skip: from - start })
            : batch.x;
        learningRate = learningRateAt(epoch + (b + 0.5) / batches, schedule);
        const input = toInput(pixels, batch.count);
        // [data-parallel] gradients summed over ranks before one identical update; loss and counts are the global batch's.
        const { loss, correct, count, stop } = distributed
          ? await dataParallelStep(distributed, { model, variables, sgd, loss: options.loss, input, labels: batch.labels, globalCount: end - start, learningRate, stop: signal?.aborted === true })
          : { ...step(model, variables, sgd, options.loss, input, batch.labels, learningRate), count: batch.count, stop: false };
        const seconds = (performance.now() - started) / 1000;
        options.onStep?.({ epoch, batch: b, loss, learningRate });
        partial = {
          lossSum: partial.lossSum + loss * count,
          correct: partial.correct + correct,
          seen: partial.seen + count,
          seconds: partial.seconds + seconds,
        };
        state = { ...state, trainSeconds: state.trainSeconds + seconds, samplesSeen: state.samplesSeen + count };
        progress.batch(epoch, b + 1, { loss: partial.lossSum / partial.seen, imagesPerSecond: partial.seen / Math.max(partial.seconds, 1e-9) });
        // Let the event loop run between batches: a SIGINT handler can then abort, and the progress bar redraw.
        await yieldToEventLoop();
        // [data-parallel] the ranks stop together: `stop` is true on all of them when one was aborted.
        if ((distributed ? stop : signal?.aborted) && b + 1 < batches) {
          state = { ...state, epoch, batch: b + 1, partial };
          await save(state);
          await distributed?.barrier();
          throw interrupt(state);
        }
      }
      const evaluateEvery = options.evaluateEvery ?? 1;
      const evaluateNow = options.evaluate !== undefined && ((epoch + 1) % evaluateEvery === 0 || epoch + 1 === epochs);
      const testError = evaluateNow ? await options.evaluate!(epoch + 1) : undefined;
      const record: EpochRecord = {
        epoch: epoch + 1,
        loss: partial.lossSum / partial.seen,
        trainAccuracy: (100 * partial.correct) / partial.seen,
        learningRate,
        seconds: partial.seconds,
        imagesPerSecond: partial.seen / Math.max(partial.seconds, 1e-9),
        ...(testError !== undefined ? { testError } : {}),
      };
      state = {
        ...state,
        epoch: epoch + 1,
        batch: 0,
        partial: { lossSum: 0, correct: 0, seen: 0, seconds: 0 },
        history: [...state.history, record],
      };
      await save(state);
      progress.epoch(record);
      await options.onEpoch?.(record, { history: state.history, epochs });
      // [data-parallel] the ranks agree whether to stop (and wait for rank 0's evaluation and checkpoint).
      const aborted = distributed ? await anyRank(distributed, signal?.aborted === true) : signal?.aborted === true;
      if (aborted && epoch + 1 < epochs) throw interrupt(state);
    }
  } finally {
    progress.stop();
    sgd.dispose();
  }
  return {
    history: state.history,
    trainSeconds: state.trainSeconds,
    imagesPerSecond: state.samplesSeen / Math.max(state.trainSeconds, 1e-9),
  };
}

/** One SGD step; returns the batch loss and the number of correct training predictions. Disposes `input`. */
function step(
  model: LayersModel,
  variables: tf.Variable[],
  sgd: ReturnType<typeof createSgd>,
  lossFn: BatchLoss,
  input: tf.Tensor,
  labels: Int32Array,
  learningRate: number,
): { loss: number; correct: number } {
  const labelTensor = tf.tensor1d(labels, 'int32');
  let correctTensor: tf.Tensor | undefined;
  try {
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(input, { training: true }) as tf.Tensor2D;
      correctTensor = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labelTensor), 'int32')));
      return lossFn(labelTensor, logits);
    }, variables);
    try {
      // A variable the loss does not reach (none in our models) gets a zero gradient.
      const missing = variables.filter((v) => grads[v.name] === undefined).map((v) => tf.zerosLike(v));
      let next = 0;
      sgd.step(variables.map((v) => grads[v.name] ?? missing[next++]!), learningRate);
      tf.dispose(missing);
      const loss = value.dataSync()[0]!;
      if (!Number.isFinite(loss)) {
        throw new CbLossError('invalid-argument', `trainModel: 'loss' must stay finite; got ${loss} (lower '--lr'?).`);
      }
      return { loss, correct: correctTensor!.dataSync()[0]! };
    } finally {
      value.dispose();
      tf.dispose(grads);
    }
  } finally {
    input.dispose();
    labelTensor.dispose();
    correctTensor?.dispose();
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function snapshotWeights(model: LayersModel): { name: string; shape: number[]; values: Float32Array }[] {
  return model.weights.map((w) => ({ name: w.name, shape: w.shape as number[], values: new Float32Array(w.read().dataSync()) }));
}

function restore(
  checkpoint: Checkpoint,
  config: CheckpointConfig,
  model: LayersModel,
  sgd: ReturnType<typeof createSgd>,
): TrainingProgress {
  for (const key of Object.keys(config) as (keyof CheckpointConfig)[]) {
    if (checkpoint.config[key] !== config[key]) {
      throw new CbLossError(
        'invalid-argument',
        `trainModel: 'resumeFrom' must come from a run with the same ${key}; got ${String(checkpoint.config[key])} (this run: ${String(config[key])}).`,
      );
    }
  }
  const weights = model.weights;
  if (checkpoint.modelWeights.length !== weights.length) {
    throw new CbLossError(
      'shape-mismatch',
      `trainModel: 'resumeFrom' must hold ${weights.length} model weights; got ${checkpoint.modelWeights.length}.`,
    );
  }
  weights.forEach((w, i) => {
    const saved = checkpoint.modelWeights[i]!;
    if (saved.shape.join() !== w.shape.join()) {
      throw new CbLossError(
        'shape-mismatch',
        `trainModel: 'resumeFrom' weight ${i} must have shape [${w.shape.join(', ')}]; got [${saved.shape.join(', ')}].`,
      );
    }
    const value = tf.tensor(saved.values, w.shape as number[], 'float32');
    w.write(value);
    value.dispose();
  });
  sgd.setState(checkpoint.optimizerState.map((s) => s.values));
  return checkpoint.progress;
}

function defaultInput(sampleShape: readonly number[]): (x: Uint8Array | Float32Array, count: number) => tf.Tensor {
  return (x, count) =>
    tf.tidy(() => {
      const t = tf.tensor(x, [count, ...sampleShape], x instanceof Uint8Array ? 'int32' : 'float32');
      return x instanceof Uint8Array ? tf.div(tf.cast(t, 'float32'), 255) : t;
    });
}

function validate(options: TrainModelOptions): void {
  const positiveInteger = (name: string, value: number): void => {
    if (!Number.isInteger(value) || value <= 0) {
      throw new CbLossError('invalid-argument', `trainModel: '${name}' must be a positive integer; got ${value}.`);
    }
  };
  positiveInteger('epochs', options.epochs);
  positiveInteger('batchSize', options.batchSize);
  if (options.evaluateEvery !== undefined) positiveInteger('evaluateEvery', options.evaluateEvery);
  if (options.train.count <= 0) {
    throw new CbLossError('invalid-argument', `trainModel: 'train' must hold at least one sample; got ${options.train.count}.`);
  }
  const sampleSize = options.sampleShape.reduce((a, b) => a * b, 1);
  if (options.train.x.length !== options.train.count * sampleSize || options.train.labels.length !== options.train.count) {
    throw new CbLossError(
      'shape-mismatch',
      `trainModel: 'train' must hold count × [${options.sampleShape.join(', ')}] values and count labels; got ${options.train.x.length} values and ${options.train.labels.length} labels for count ${options.train.count}.`,
    );
  }
  if (options.augment && !(options.train.x instanceof Uint8Array && options.sampleShape.length === 3)) {
    throw new CbLossError('invalid-argument', `trainModel: 'augment' must be false unless the samples are Uint8 [H, W, C] images; got sample shape [${options.sampleShape.join(', ')}].`);
  }
}
