import * as tf from '@tensorflow/tfjs-core';
// Registers the gradients of the core ops, needed by tf.variableGrads (works under Node's CJS bundles and vitest's ESM).
import '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { DataSplit, EpochRecord } from '../types.js';
import { createRng } from '../util/rng.js';
import { disposeBatch, isBatchSource, type BatchSource } from './batchSource.js';
import { saveCheckpoint, type Checkpoint, type CheckpointConfig, type PartialEpoch, type TrainingProgress } from './checkpoint.js';
import { sampleEpoch, type SamplerName } from 'class-balanced-loss/core';
import { describeSchedule } from './describeSchedule.js';
import { learningRateAt } from './learningRate.js';
import { createMemoryBatchSource } from './memoryBatchSource.js';
import { prefetch } from './prefetch.js';
import { createProgress } from './progress.js';
import { createSgd, type Sgd } from './sgd.js';
import { TrainingInterruptedError } from './TrainingInterruptedError.js';
import { accumulateGradients, applyStep, type BatchLoss, type StepOutcome } from './trainStep.js';
import { CblossError } from '../CblossError.js';
import { anyRank } from '../distributed/anyRank.js';
import type { DataParallel } from '../distributed/DataParallel.js';
import { dataParallelStep } from '../distributed/dataParallelStep.js';
import { syncFromRankZero } from '../distributed/syncFromRankZero.js';

export type { BatchLoss } from './trainStep.js';

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
  /**
   * The training data: an in-memory split (batched, augmented and normalised here, see `createMemoryBatchSource`)
   * or a {@link BatchSource} that prepares its own batches (e.g. images streamed from disk, `createStreamBatchSource`;
   * `sampleShape`, `toInput` and `augment` then do not apply, and the caller closes it).
   */
  readonly train: DataSplit | BatchSource;
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
  /** Nesterov momentum (see `createSgd`). Default false. */
  readonly nesterov?: boolean;
  readonly weightDecay: number;
  readonly warmupEpochs: number;
  /** LR milestones in epochs; default `[0.8·epochs, 0.9·epochs]`. */
  readonly milestones?: readonly number[];
  /** Factor applied to the learning rate at each milestone; default 0.01 (the paper's CIFAR schedule). */
  readonly lrDecay?: number;
  /**
   * Gradient accumulation: each step of `batchSize` samples runs as this many micro-batches of `batchSize / accumulate`
   * (which must be an integer), whose gradients are averaged before one update — a large global batch with the memory of
   * a micro-batch. Default 1.
   */
  readonly accumulate?: number;
  /** Micro-batches prepared ahead of the one training (gathered, augmented, on the backend). Default 1; 0: none. */
  readonly prefetch?: number;
  /**
   * Data-parallel training: this process is one rank of a group (see `DataParallel`). Every rank starts from rank 0's
   * weights and momentum, cuts the same seeded epoch order into the same global batches of `batchSize` and takes its
   * contiguous part of each (`shardRange`, in the batch source; with `accumulate`, cut into micro-batches of
   * at most `batchSize / accumulate`); the gradients are summed over ranks, each weighted by its share of the batch,
   * and every rank applies the same update (`dataParallelStep`). Checkpoints, progress, `loss` values and the history
   * are in global terms, so a run may resume with another number of ranks. Give `checkpointDir` and `onEpoch` to rank
   * 0 only, and `evaluate` to rank 0 only or, when it is a collective (each rank evaluates its part of the held-out
   * split), to every rank, which all call it after the same epochs. A {@link BatchSource} `train` must prepare this rank's part itself (its `shard`, e.g.
   * `createStreamBatchSource`'s `shard` option).
   */
  readonly distributed?: DataParallel;
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
  /**
   * Top-1 error (percent) on the held-out set after an epoch (1-based); stored as `testError`. With `distributed`
   * and an `evaluate` on every rank, the ranks other than 0 may return `undefined`: only rank 0's error is recorded
   * (its history, checkpoint and progress line).
   */
  readonly evaluate?: (epoch: number) => number | undefined | Promise<number | undefined>;
  /** How the progress lines name the held-out error (e.g. `'val err'`). Default `'test err'`. */
  readonly heldOutLabel?: string;
  /** Evaluate every this many epochs, and always after the last one. Default 1. */
  readonly evaluateEvery?: number;
  /** Called before each epoch's first batch (also when resuming mid-epoch) with the 0-based epoch, e.g. the loss's
   * `setEpoch` for deferred re-weighting. */
  readonly onEpochStart?: (epoch: number) => void;
  /**
   * Called after every SGD step (e.g. to compare a run step by step with another implementation), right after its
   * update. Without it, the loop reads each step's loss and accuracy one step late, so that no step waits for the host.
   */
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
 * The batches are prepared ahead (`prefetch`, default 1 micro-batch) by a {@link BatchSource}; the loss and accuracy of
 * step `k` are read from the backend after step `k + 1` has been dispatched (no per-step host synchronisation), so
 * a loss that stops being finite is reported one step late (training stops there with an error; no checkpoint is
 * written from the diverged state). With `accumulate`, each step averages the gradients of several micro-batches;
 * with `distributed`, each process trains on its part of every global batch and one exchange per step sums the
 * share-weighted gradients before the same update on every rank (`dataParallelStep`).
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
  const { model, sampleShape, epochs, batchSize, seed, signal, distributed } = options;
  const sampler = options.sampler ?? 'instance';
  const accumulate = options.accumulate ?? 1;
  validate(options);
  const config: CheckpointConfig = {
    epochs,
    batchSize,
    trainCount: options.train.count,
    seed,
    learningRate: options.learningRate,
    momentum: options.momentum,
    weightDecay: options.weightDecay,
    warmupEpochs: options.warmupEpochs,
    augment: options.augment,
    ...(accumulate > 1 ? { accumulate } : {}),
    ...(options.nesterov === true ? { nesterov: true } : {}),
    ...(options.milestones !== undefined ? { milestones: [...options.milestones] } : {}),
    ...(options.lrDecay !== undefined ? { lrDecay: options.lrDecay } : {}),
  };
  const schedule = {
    baseLr: options.learningRate,
    warmupEpochs: options.warmupEpochs,
    epochs,
    ...(options.milestones ? { milestones: options.milestones } : {}),
    ...(options.lrDecay !== undefined ? { decay: options.lrDecay } : {}),
  };

  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decayNames = new Set(
    (options.weightDecayVariables ?? model.trainableWeights.filter((w) => w.shape.length >= 2)).map((v) => v.name),
  );
  const sgd = createSgd(variables, {
    momentum: options.momentum,
    weightDecay: options.weightDecay,
    decayed: variables.map((v) => decayNames.has(v.name)),
    ...(options.nesterov === true ? { nesterov: true } : {}),
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
  const train = options.train;
  const source: BatchSource = isBatchSource(train)
    ? train
    : createMemoryBatchSource({
        split: train,
        sampleShape,
        batchSize,
        accumulate,
        augment: options.augment,
        rng: root,
        toInput: options.toInput ?? defaultInput(sampleShape),
        // [data-parallel] this rank's contiguous part of each global batch, augmented as in one process.
        ...(distributed ? { shard: { rank: distributed.rank, worldSize: distributed.worldSize } } : {}),
      });
  const epochOrder = (epoch: number): Int32Array => sampleEpoch(source.labels, { sampler, seed, epoch, numEpochs: epochs });
  const batches = Math.ceil(source.count / batchSize);
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
  const context = { model, variables, sgd, loss: options.loss };

  /** A step dispatched but not read yet. */
  interface Pending extends StepOutcome {
    readonly epoch: number;
    readonly batch: number;
    readonly count: number;
    readonly learningRate: number;
    readonly seconds: number;
  }
  let pending: Pending | undefined;
  let partial: PartialEpoch = state.partial;
  /** Reads a step's scalars (waiting for the backend only if it has not finished), then books it. */
  const settle = async (p: Pending): Promise<void> => {
    let values: [number, number];
    try {
      const [loss, correct] = await Promise.all([p.loss.data(), p.correct.data()]);
      values = [loss[0]!, correct[0]!];
    } finally {
      tf.dispose([p.loss, p.correct]);
    }
    const [loss, correct] = values;
    if (!Number.isFinite(loss)) {
      throw new CblossError('invalid-argument', `trainModel: 'loss' must stay finite; got ${loss} (lower '--lr'?).`);
    }
    options.onStep?.({ epoch: p.epoch, batch: p.batch, loss, learningRate: p.learningRate });
    partial = {
      lossSum: partial.lossSum + loss * p.count,
      correct: partial.correct + correct,
      seen: partial.seen + p.count,
      seconds: partial.seconds + p.seconds,
    };
    state = { ...state, trainSeconds: state.trainSeconds + p.seconds, samplesSeen: state.samplesSeen + p.count };
    progress.batch(p.epoch, p.batch + 1, { loss: partial.lossSum / partial.seen, imagesPerSecond: partial.seen / Math.max(partial.seconds, 1e-9) });
  };
  const flush = async (): Promise<void> => {
    const p = pending;
    pending = undefined;
    if (p !== undefined) await settle(p);
  };

  try {
    // [data-parallel] the ranks agree whether to stop before the first step too.
    if (distributed ? await anyRank(distributed, signal?.aborted === true) : signal?.aborted) {
      await save(state);
      throw interrupt(state);
    }
    for (let epoch = state.epoch; epoch < epochs; epoch++) {
      const order = epochOrder(epoch);
      partial = epoch === state.epoch ? state.partial : { lossSum: 0, correct: 0, seen: 0, seconds: 0 };
      const firstBatch = epoch === state.epoch ? state.batch : 0;
      options.onEpochStart?.(epoch);
      let learningRate = 0;
      let mark = performance.now();
      const accumulator = accumulateGradients(context);
      let count = 0;
      try {
        for await (const micro of prefetch(source.epoch(epoch, order, firstBatch), options.prefetch ?? 1, disposeBatch)) {
          try {
            // [data-parallel] a rank without samples in a step gets an empty micro-batch: nothing to add.
            if (micro.count > 0) accumulator.add(micro, micro.last && count === 0);
          } finally {
            disposeBatch(micro);
          }
          count += micro.count;
          if (!micro.last) continue;
          const b = micro.batch;
          learningRate = learningRateAt(epoch + (b + 0.5) / batches, schedule);
          // [data-parallel] one exchange sums the share-weighted gradients, the loss, the counts and the stop flags;
          // the step's loss, counts and progress are the global batch's.
          let outcome: StepOutcome;
          let stop = false;
          let stepCount = count;
          if (distributed) {
            const local = count > 0 ? accumulator.finish() : undefined;
            ({ outcome, stop, count: stepCount } = await dataParallelStep(distributed, context, { local, count, learningRate, stop: signal?.aborted === true }));
          } else {
            outcome = await applyStep(context, accumulator.finish(), learningRate);
          }
          count = 0;
          if (stepCount === 0) {
            // [data-parallel] every image of the step was skipped on every rank: no update, left out as in one process.
            tf.dispose([outcome.loss, outcome.correct]);
          } else {
            const now = performance.now();
            const current: Pending = { ...outcome, epoch, batch: b, count: stepCount, learningRate, seconds: (now - mark) / 1000 };
            // The previous step is read now that this one is on its way; with onStep, each step is read at once.
            await flush();
            pending = current;
            if (options.onStep) await flush();
            // Let the event loop run between batches: a SIGINT handler can then abort, and the progress bar redraw.
            await yieldToEventLoop();
            mark = performance.now();
          }
          // [data-parallel] the ranks stop together: `stop` is true on all of them when one was aborted.
          if ((distributed ? stop : signal?.aborted) && b + 1 < batches) {
            await flush();
            state = { ...state, epoch, batch: b + 1, partial };
            await save(state);
            await distributed?.barrier();
            throw interrupt(state);
          }
        }
      } finally {
        accumulator.dispose();
      }
      await flush();
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
      // [data-parallel] the ranks agree whether to stop (and wait for rank 0's checkpoint, and its evaluation when it alone evaluates).
      const aborted = distributed ? await anyRank(distributed, signal?.aborted === true) : signal?.aborted === true;
      if (aborted && epoch + 1 < epochs) throw interrupt(state);
    }
  } finally {
    if (pending !== undefined) tf.dispose([pending.loss, pending.correct]);
    progress.stop();
    sgd.dispose();
    if (source !== train) await source.close();
  }
  return {
    history: state.history,
    trainSeconds: state.trainSeconds,
    imagesPerSecond: state.samplesSeen / Math.max(state.trainSeconds, 1e-9),
  };
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
  sgd: Sgd,
): TrainingProgress {
  const keys = new Set([...Object.keys(config), ...Object.keys(checkpoint.config)] as (keyof CheckpointConfig)[]);
  for (const key of keys) {
    if (JSON.stringify(checkpoint.config[key]) !== JSON.stringify(config[key])) {
      throw new CblossError(
        'invalid-argument',
        `trainModel: 'resumeFrom' must come from a run with the same ${key}; got ${String(checkpoint.config[key])} (this run: ${String(config[key])}).`,
      );
    }
  }
  const weights = model.weights;
  if (checkpoint.modelWeights.length !== weights.length) {
    throw new CblossError(
      'shape-mismatch',
      `trainModel: 'resumeFrom' must hold ${weights.length} model weights; got ${checkpoint.modelWeights.length}.`,
    );
  }
  weights.forEach((w, i) => {
    const saved = checkpoint.modelWeights[i]!;
    if (saved.shape.join() !== w.shape.join()) {
      throw new CblossError(
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
      throw new CblossError('invalid-argument', `trainModel: '${name}' must be a positive integer; got ${value}.`);
    }
  };
  positiveInteger('epochs', options.epochs);
  positiveInteger('batchSize', options.batchSize);
  if (options.evaluateEvery !== undefined) positiveInteger('evaluateEvery', options.evaluateEvery);
  const accumulate = options.accumulate ?? 1;
  if (!Number.isInteger(accumulate) || accumulate < 1 || options.batchSize % accumulate !== 0) {
    throw new CblossError('invalid-argument', `trainModel: 'accumulate' must be a positive integer dividing 'batchSize' (${options.batchSize}); got ${accumulate}.`);
  }
  const ahead = options.prefetch ?? 1;
  if (!Number.isInteger(ahead) || ahead < 0) throw new CblossError('invalid-argument', `trainModel: 'prefetch' must be an integer >= 0; got ${ahead}.`);
  const train = options.train;
  if (train.count <= 0) {
    throw new CblossError('invalid-argument', `trainModel: 'train' must hold at least one sample; got ${train.count}.`);
  }
  const dp = options.distributed;
  if (isBatchSource(train) && dp !== undefined && (train.shard?.rank !== dp.rank || train.shard.worldSize !== dp.worldSize)) {
    const got = train.shard === undefined ? 'a source of whole batches' : `rank ${train.shard.rank} of ${train.shard.worldSize}`;
    throw new CblossError('invalid-argument', `trainModel: 'train' must prepare this rank's part of each global batch with 'distributed' (shard rank ${dp.rank} of ${dp.worldSize}); got ${got}.`);
  }
  if (isBatchSource(train)) return;
  const sampleSize = options.sampleShape.reduce((a, b) => a * b, 1);
  if (train.x.length !== train.count * sampleSize || train.labels.length !== train.count) {
    throw new CblossError(
      'shape-mismatch',
      `trainModel: 'train' must hold count × [${options.sampleShape.join(', ')}] values and count labels; got ${train.x.length} values and ${train.labels.length} labels for count ${train.count}.`,
    );
  }
  if (options.augment && !(train.x instanceof Uint8Array && options.sampleShape.length === 3)) {
    throw new CblossError('invalid-argument', `trainModel: 'augment' must be false unless the samples are Uint8 [H, W, C] images; got sample shape [${options.sampleShape.join(', ')}].`);
  }
}
