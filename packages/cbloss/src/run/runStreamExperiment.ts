import type * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { createLoss, logPriors, resolveMethod, type MethodName } from 'class-balanced-loss';
import { selectBackend } from '../backend/selectBackend.js';
import * as tf from '@tensorflow/tfjs-core';
import { countPerClass } from '../data/countPerClass.js';
import { openDatasetStream } from '../data/loadDataset.js';
import { IMAGENET_NORMALIZATION } from '../data/stream/cropResizeNormalize.js';
import { createDecodePool, type DecodePool } from '../data/stream/decodePool.js';
import { longTailedStream } from '../data/stream/longTailedStream.js';
import type { StreamDataset, StreamSplit } from '../data/stream/StreamDataset.js';
import { evaluateStream, type StreamEvaluation } from '../eval/evaluateStream.js';
import { evaluateStreamParts } from '../eval/evaluateStreamParts.js';
import type { GroupDataParallel } from '../distributed/createDataParallel.js';
import { describeAllreduce } from '../distributed/describeAllreduce.js';
import { buildModel } from '../models/buildModel.js';
import { weightDecayVariables } from '../models/weightDecayVariables.js';
import type { Checkpoint } from '../train/checkpoint.js';
import { createStreamBatchSource } from '../train/streamBatchSource.js';
import { trainModel, type BatchLoss } from '../train/trainModel.js';
import { writeFileAtomic } from '../train/writeFileAtomic.js';
import { writeSubsetFile } from './writeSubsetFile.js';
import type { EpochRecord, RunOptions, RunResults } from '../types.js';
import { buildRunResults, runResultsText } from './buildRunResults.js';
import type { RunHooks } from './runExperiment.js';
import { RunOptionsError } from './RunOptionsError.js';
import { saveRunModel } from './saveRunModel.js';

/** Default side of streamed images (the paper's 224 px). */
export const DEFAULT_STREAM_IMAGE_SIZE = 224;
/** Images per forward pass when evaluating a streamed split (bounds the evaluation pool's memory). */
const EVAL_BATCH_SIZE = 64;

/** A streamed run as {@link runExperiment} has prepared it: options resolved (resumed ones included) and the directory checked. */
export interface StreamRunStart {
  readonly fn: string;
  readonly options: RunOptions;
  readonly dir: string;
  readonly checkpointDir: string;
  readonly checkpoint: Checkpoint | undefined;
  readonly startedAt: string;
  readonly log: (line: string) => void;
  /** The run directory's files, as `RUN_FILES`. */
  readonly files: { readonly results: string; readonly subset: string; readonly model: string };
  /** Data-parallel training: this process is one rank of the group (`runExperimentRank`). */
  readonly dataParallel?: GroupDataParallel | undefined;
}

/**
 * The streamed half of `runExperiment` (a dataset of the registry of kind `'stream'`: `inat:`, `list:`, `ilsvrc:`,
 * `folder-stream:`): open the index (no image decoded) → the long-tailed subset when `data.imbalanceFactor` > 1
 * (indices in `subset.json`) → class weights and the loss from the index's counts → a fresh model at
 * `data.imageSize` (default resnet50) → train from a decode pool (random resized crop + flip, ImageNet normalisation,
 * decoded ahead by worker threads within its memory bound, logged) → evaluate the held-out split streamed the same
 * way (resize + centre crop): top-1 and top-5 error, per-class accuracy, many/medium/few → `model/` and `results.json`.
 * Checkpoints and `--resume` as in-memory runs (the same images with the same crops after a resume).
 *
 * Data-parallel (`start.dataParallel`): every rank opens the same index and its own decode pool (`compute.workers`
 * threads per rank), which decodes only the rank's contiguous part of every global batch of the same seeded order
 * (`createStreamBatchSource`'s `shard`), in micro-batches of at most `batchSize / accumulate`; the crops and flips
 * depend on seed, epoch and sample only, so the ranks see what one process sees. The ranks evaluate the held-out
 * split together, each its contiguous part with its own pool (`evaluateStreamParts`), and rank 0 scores the gathered
 * parts: the metrics of one process, in 1/N of the time. Rank 0 alone writes `subset.json`, the checkpoints, the
 * model and `results.json`; the images skipped (`skipBadImages`, training and evaluation) are counted over all ranks.
 * The other ranks resolve with `undefined`.
 *
 * @throws RunOptionsError for options that do not apply to streamed data (a validation fraction, CIFAR augmentation
 *   off/on is the crop mode here); CblossError from the readers or the pool, naming the file.
 */
export async function runStreamExperiment(start: StreamRunStart, hooks: RunHooks): Promise<RunResults | undefined> {
  const { fn, dir, checkpointDir, checkpoint, startedAt, log, files, dataParallel } = start;
  // [data-parallel] rank 0 alone writes the run directory (and scores the evaluations).
  const lead = dataParallel === undefined || dataParallel.rank === 0;
  let options = start.options;
  if (options.data.validationFraction > 0) {
    throw new RunOptionsError(fn, 'data.validationFraction', 'be 0 for a streamed dataset (it is evaluated on its own val split)', options.data.validationFraction);
  }
  const full = openDatasetStream(options.data.dataset, options.compute.dataDir !== undefined ? { dataDir: options.compute.dataDir } : {});
  const { backend } = await selectBackend(options.compute.backend, { ...(options.compute.threads !== undefined ? { threads: options.compute.threads } : {}), log });
  const savedBackend = checkpoint?.meta['backend'];
  if (typeof savedBackend === 'string' && savedBackend !== backend) {
    log(`note: the run was started on the ${savedBackend} backend and continues on ${backend}; results will differ slightly from an uninterrupted run`);
  }
  const imageSize = options.data.imageSize ?? DEFAULT_STREAM_IMAGE_SIZE;
  // What the data decides is filled in, so the results and the checkpoint say what ran: ResNet-50, crops on.
  options = {
    ...options,
    data: { ...options.data, augment: options.data.augment ?? true, imageSize },
    model: { ...options.model, name: options.model.name ?? 'resnet50' },
  };
  const dataset = subset(full, options);
  if (lead) {
    const indices = 'indices' in dataset ? (dataset.indices as Int32Array) : undefined;
    await writeSubsetFile(join(dir, files.subset), options, { dataset: full.name, samplesPerClass: dataset.trainCounts, ...(indices ? { indices } : {}) });
  }
  const { numClasses } = dataset;
  const samplesPerClass = [...dataset.trainCounts];
  const settings = options.loss;
  const method = resolveMethod(settings.method);
  const loss = createLoss(method.name as MethodName, { samplesPerClass, beta: settings.beta, drwEpoch: settings.drwEpoch, ...settings.parameters });
  const modelName = options.model.name ?? 'resnet50';
  const { batchSize, epochs } = options.optimiser;
  const accumulate = options.optimiser.accumulate ?? 1;
  const skipBadImages = options.data.skipBadImages === true;
  const workers = options.compute.workers;
  const poolOptions = { seed: options.seed, skipBadImages, ...(workers !== undefined ? { workers } : {}) };
  const worldSize = dataParallel?.worldSize ?? 1;
  // A micro-batch: at most batchSize / accumulate images, and never more than a rank's part of the global batch.
  const micro = Math.min(batchSize / accumulate, Math.ceil(batchSize / worldSize));
  const trainPool = createDecodePool(dataset.train, {
    ...poolOptions,
    transform: { mode: options.data.augment === false ? 'eval' : 'train', size: imageSize },
    batchSize: micro,
    shuffle: false, // the trainer's sampler draws the order
  });
  const evalPool = (split: StreamSplit): DecodePool => createDecodePool(split, { ...poolOptions, transform: { mode: 'eval', size: imageSize }, batchSize: EVAL_BATCH_SIZE, shuffle: false });
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  log(
    `${dataset.name}: ${dataset.train.count} training images in ${numClasses} classes (${Math.max(...samplesPerClass)} to ${Math.min(...samplesPerClass)} per class), ` +
      `${dataset.test.count} test images, streamed at ${imageSize} px; ${modelName}, ${describeLoss(settings)}, backend ${backend}`,
  );
  const perStep = worldSize > 1 ? `, ${batchSize / worldSize} per process of each step of ${batchSize}` : accumulate > 1 ? `, ${accumulate} per step of ${batchSize}` : '';
  log(`decoding ahead holds at most ${mb(trainPool.memoryBound)}${worldSize > 1 ? ' per process' : ''} (micro-batches of ${micro} images${perStep}), whatever the dataset's size`);

  const model: tfl.LayersModel = buildModel(modelName, {
    inputShape: [imageSize, imageSize, 3],
    numClasses,
    finalBias: method.finalBias,
    classifier: method.classifier ?? 'linear',
    seed: options.seed,
  });
  const skipped = new Set<string>();
  const logitOffsets = settings.posthocTau === undefined ? undefined : logPriors(samplesPerClass).map((l) => -(settings.posthocTau as number) * l);
  const evaluateOptions = { numClasses, trainSamplesPerClass: samplesPerClass, logitOffsets };
  /** The held-out split's metrics; [data-parallel] a collective: every rank evaluates its part, rank 0 gets the metrics (the others `undefined`). */
  const evaluateOn = async (): Promise<StreamEvaluation | undefined> => {
    if (dataParallel !== undefined) {
      const parts = await evaluateStreamParts(dataParallel, model, dataset.test, evalPool, evaluateOptions);
      // Rank 0: the files skipped on every rank (read from the gathered parts).
      for (const path of parts.skipped) skipped.add(path);
      return parts.evaluation;
    }
    const pool = evalPool(dataset.test);
    try {
      return await evaluateStream(model, pool, evaluateOptions);
    } finally {
      for (const s of pool.stats().skipped) skipped.add(s.path);
      await pool.close();
    }
  };
  // The evaluation after the last epoch, when training ran it (not when a finished run is resumed).
  let final: { readonly test: StreamEvaluation | undefined } | undefined;
  try {
    const shard = dataParallel ? { rank: dataParallel.rank, worldSize: dataParallel.worldSize } : undefined;
    const source = createStreamBatchSource({ split: dataset.train, pool: trainPool, batchSize, accumulate, ...(shard ? { shard } : {}) });
    const training = await trainModel({
      model,
      train: source,
      sampleShape: [imageSize, imageSize, 3],
      loss: loss as BatchLoss,
      onEpochStart: (epoch) => loss.setEpoch(epoch),
      epochs,
      batchSize,
      learningRate: options.optimiser.learningRate,
      momentum: options.optimiser.momentum,
      weightDecay: options.optimiser.weightDecay,
      warmupEpochs: options.optimiser.warmupEpochs,
      accumulate,
      ...(options.optimiser.nesterov !== undefined ? { nesterov: options.optimiser.nesterov } : {}),
      ...(options.optimiser.milestones !== undefined ? { milestones: options.optimiser.milestones } : {}),
      ...(options.optimiser.lrDecay !== undefined ? { lrDecay: options.optimiser.lrDecay } : {}),
      weightDecayVariables: options.optimiser.decayScope === 'kernels' ? model.trainableWeights.filter((w) => w.shape.length >= 2) : weightDecayVariables(model, method.finalBias),
      augment: false,
      sampler: options.data.sampler,
      seed: options.seed,
      checkpointMeta: { options, startedAt, backend },
      ...(checkpoint ? { resumeFrom: checkpoint } : {}),
      ...(dataParallel ? { distributed: dataParallel } : {}),
      ...(lead ? { checkpointDir } : {}),
      // [data-parallel] on every rank (a collective: each evaluates its part); only rank 0's error is recorded.
      evaluate: async (epoch: number) => {
        const test = await evaluateOn();
        final = epoch === epochs ? { test } : undefined;
        return test?.top1Error;
      },
      evaluateEvery: Math.ceil(epochs / 20),
      log,
      ...(hooks.progressBar !== undefined ? { progressBar: hooks.progressBar } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      resumeHint: `cbloss train --out ${dir} --resume`,
      ...(hooks.onEpoch && lead ? { onEpoch: (_r: EpochRecord, p: { history: readonly EpochRecord[]; epochs: number }) => hooks.onEpoch!({ ...p, dataset: dataset.name, heldOut: 'test' }) } : {}),
    });
    for (const s of trainPool.stats().skipped) skipped.add(s.path);
    // [data-parallel] on every rank alike (a collective), before the agreement on skipped files below.
    final ??= { test: await evaluateOn() };
    if (dataParallel !== undefined) {
      // [data-parallel] every rank skipped the bad training files of its own parts: rank 0 counts them over all ranks
      // (the held-out split's came with its evaluation).
      if (skipBadImages) for (const path of await skippedOnAnyRank(dataParallel, dataset.train, skipped)) skipped.add(path);
      log(describeAllreduce(dataParallel));
      if (!lead) return undefined;
    }
    const test = final.test!; // rank 0 (or the only process) receives the metrics of every evaluation
    const { mean, std } = IMAGENET_NORMALIZATION;
    await saveRunModel(model, join(dir, files.model), {
      sampleShape: [imageSize, imageSize, 3],
      // The pool's normalisation in the in-memory form: (x/255 − mean/255) / (std/255).
      normalization: { mean: mean.map((m) => m / 255), std: std.map((s) => s / 255), scale: 1 / 255 },
      classNames: dataset.classNames,
    });
    if (skipped.size > 0) log(`skipped ${skipped.size} unreadable image file(s), e.g. '${[...skipped][0]}'`);
    const results = buildRunResults({
      processes: dataParallel?.worldSize,
      options,
      backend,
      dataset: { name: dataset.name, source: dataset.source, classNames: dataset.classNames },
      samplesPerClass,
      testSamplesPerClass: countPerClass(test.labels, numClasses),
      classWeights: loss.classWeights,
      test,
      skippedImages: skipBadImages ? skipped.size : undefined,
      training,
      startedAt,
    });
    await writeFileAtomic(join(dir, files.results), runResultsText(results));
    log(`top-1 error ${test.top1Error.toFixed(2)}%, top-5 error ${test.top5Error.toFixed(2)}% on the test set; results in ${join(dir, files.results)}`);
    return results;
  } finally {
    await trainPool.close();
    model.dispose();
  }
}

/**
 * The training files that any rank skipped: each rank marks the samples of `split` whose file it skipped (a sample per
 * path: the first that has it) in one sum over ranks (a float32 vector of `split.count`, about 4 bytes per sample).
 * A collective: every rank calls it, once.
 * @example for (const path of await skippedOnAnyRank(dp, dataset.train, skipped)) skipped.add(path);
 */
async function skippedOnAnyRank(dp: GroupDataParallel, split: StreamSplit, local: ReadonlySet<string>): Promise<string[]> {
  const marks = new Float32Array(split.count);
  if (local.size > 0) {
    const first = new Map<string, number>();
    split.paths.forEach((path, i) => {
      if (local.has(path) && !first.has(path)) first.set(path, i);
    });
    for (const i of first.values()) marks[i] = 1;
  }
  const mine = tf.tensor1d(marks);
  let summed: tf.Tensor[] = [];
  try {
    summed = await dp.sum([mine], { untimed: true });
    const any = summed[0]!.dataSync();
    return split.paths.filter((_, i) => any[i]! > 0);
  } finally {
    tf.dispose([mine, ...summed]);
  }
}

/** The training set of the run: the index as it is (imbalance factor 1) or its long-tailed subset. */
function subset(dataset: StreamDataset, options: RunOptions): StreamDataset | (StreamDataset & { readonly indices: Int32Array }) {
  if (options.data.imbalanceFactor === 1) return dataset;
  return longTailedStream(dataset, { imbalanceFactor: options.data.imbalanceFactor, profile: options.data.profile, seed: options.seed });
}

/** `'focal loss, β 0.999, gamma 0.5'`: a run's loss in one phrase. */
function describeLoss(settings: RunOptions['loss']): string {
  const parameters = Object.entries(settings.parameters).map(([name, value]) => `, ${name} ${value}`).join('');
  return `${settings.method} loss, β ${settings.beta}${parameters}`;
}
