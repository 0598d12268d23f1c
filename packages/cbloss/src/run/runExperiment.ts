import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { existsSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { balancedError, createLoss, logPriors, resolveMethod, tauNormalize, type MethodName } from 'class-balanced-loss';
import { LOGITS_LAYER_NAME } from '../models/resnet.js';
import { selectBackend } from '../backend/selectBackend.js';
import { countPerClass } from '../data/countPerClass.js';
import { isStreamedDataset, loadDataset } from '../data/loadDataset.js';
import { inOptionTerms, LOADER_ARGUMENT_PATHS } from './inOptionTerms.js';
import { makeLongTailed } from '../data/makeLongTailed.js';
import { splitValidation } from '../data/splitValidation.js';
import { evaluateSplit, type SplitEvaluation } from '../eval/evaluate.js';
import { channelStats, normalizeBatch } from '../eval/normalization.js';
import { buildModel } from '../models/buildModel.js';
import { weightDecayVariables } from '../models/weightDecayVariables.js';
import { loadCheckpoint, type Checkpoint } from '../train/checkpoint.js';
import { trainModel, type BatchLoss } from '../train/trainModel.js';
import { writeFileAtomic } from '../train/writeFileAtomic.js';
import { writeSubsetFile } from './writeSubsetFile.js';
import type { DataSplit, EpochRecord, RunOptions, RunResults } from '../types.js';
import { checkRunDirectory } from './checkRunDirectory.js';
import { dataDefaults } from './dataDefaults.js';
import { buildRunResults, runResultsText } from './buildRunResults.js';
import { prepareOutDir } from './prepareOutDir.js';
import { resumedOptions } from './resumedOptions.js';
import { retrainClassifier } from './retrainClassifier.js';
import { runStreamExperiment } from './runStreamExperiment.js';
import { RunOptionsError } from './RunOptionsError.js';
import { validateRunOptions } from './validateRunOptions.js';
import { saveRunModel } from './saveRunModel.js';
import type { GroupDataParallel } from '../distributed/createDataParallel.js';
import { describeAllreduce } from '../distributed/describeAllreduce.js';

/** Optional hooks of {@link runExperiment}. */
export interface RunHooks {
  /** Progress and notice lines (default: stderr). */
  readonly log?: (line: string) => void;
  /** Abort (e.g. on Ctrl-C): training stops after the current batch, saves a checkpoint, and the run rejects with
   * `TrainingInterruptedError`, whose message says how to resume. */
  readonly signal?: AbortSignal;
  /** Draw a progress bar (default: when stderr is a terminal). */
  readonly progressBar?: boolean;
  /** Replace a finished or unfinished run in `out` (`--overwrite`); see {@link checkRunDirectory}. Not stored. */
  readonly overwrite?: boolean;
  /** Called after each epoch with the history so far (e.g. to rewrite a live report, see `renderLiveReport`). */
  readonly onEpoch?: (progress: TrainingSnapshot) => void | Promise<void>;
}

/** Where a run stands after an epoch, for {@link RunHooks.onEpoch}. */
export interface TrainingSnapshot {
  readonly dataset: string;
  readonly epochs: number;
  readonly history: readonly EpochRecord[];
  /** What `history[].testError` measures. */
  readonly heldOut: 'validation' | 'test';
}

/** Files of a run directory. */
export const RUN_FILES = { results: 'results.json', subset: 'subset.json', checkpoint: 'checkpoint', model: 'model' } as const;

/** Removes `dir` if it is an empty directory (what a run that failed before anything ran leaves); else nothing. */
function removeEmptyDirectory(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or gone: keep what is there
  }
}

/**
 * One complete experiment, as `cbloss train` runs it: select the backend → load the dataset → build the long-tailed
 * training set (indices saved to `DIR/subset.json`) → optionally hold out a stratified validation split → class
 * weights and the class-balanced loss (library `classBalancedLoss`) → a fresh seeded model → train with SGD
 * ({@link trainModel}, checkpoint every epoch in `DIR/checkpoint/`) → evaluate on the balanced test set (and the
 * validation split) → write `DIR/model/` (tf.io format, see {@link saveRunModel}) and `DIR/results.json`
 * ({@link RunResults}, written atomically). Resolves with the results.
 *
 * Held-out error is recorded in the history every `ceil(epochs / 20)` epochs and after the last one (on the
 * validation split when there is one, else on the test set). Everything is deterministic given `options.seed`
 * (bit-identical on the cpu backend).
 *
 * Resuming (`options.output.resume`): the run continues from `DIR/checkpoint/` with the options saved there — only
 * the `compute` and `output` groups are taken from `options` (see {@link resumedOptions}) — and ends at the same
 * result as an uninterrupted run (bit-identical when the backend is the same; a change of backend is logged).
 * `output.out` must be a writable directory path ({@link prepareOutDir}); without `resume`, a directory holding a
 * finished run or an unfinished checkpoint is refused unless `hooks.overwrite` is set ({@link checkRunDirectory}),
 * so that nothing is lost by a forgotten flag.
 *
 * @throws CblossError from validation, data loading and model building, CbLossError from the loss library; `TrainingInterruptedError` when aborted.
 * @example
 * const results = await runExperiment(resolveRunOptions({ data: { dataset: 'fashion-mnist' }, loss: { beta: 0.9999 },
 *   optimiser: { epochs: 20 }, output: { out: 'runs/cb-softmax' } }), { log: console.error });
 * results.top1Error; // e.g. 21.3
 */
export async function runExperiment(requested: RunOptions, hooks: RunHooks = {}): Promise<RunResults> {
  const results = await runRank('runExperiment', requested, hooks, undefined);
  if (results === undefined) throw new Error('runExperiment: a single process must produce results');
  return results;
}

/**
 * {@link runExperiment} as one rank of a data-parallel run (`cbloss train --nproc N`, or torchrun's environment):
 * every rank loads the same data (a streamed dataset: opens the same index, and its own decode pool decodes only its
 * part of every global batch, see `runStreamExperiment`) and builds the same model; they train together (trainModel's
 * `distributed`). Rank 0 alone checks and writes the run directory (subset.json, checkpoints, model, results.json),
 * evaluates, and runs the post-training steps (cRT, τ-normalisation) by itself; the other ranks write nothing and
 * resolve with `undefined` after training. `--resume` reads the checkpoint on every rank, so `output.out` must be readable by every rank (one
 * machine, or a shared file system); the checkpoint is global, so any number of ranks may resume it.
 *
 * @throws RunOptionsError on `optimiser.batchSize` when it is not a multiple of the number of ranks.
 * @example
 * const dp = await joinDataParallel('train', { timeoutMs: 1_800_000 });
 * const results = await runExperimentRank(options, { log }, dp); // RunResults on rank 0, undefined elsewhere
 */
export async function runExperimentRank(requested: RunOptions, hooks: RunHooks, dataParallel: GroupDataParallel): Promise<RunResults | undefined> {
  return runRank('runExperiment', requested, hooks, dataParallel);
}

async function runRank(fn: string, requested: RunOptions, hooks: RunHooks, dataParallel: GroupDataParallel | undefined): Promise<RunResults | undefined> {
  validateRunOptions(requested, fn);
  const log = hooks.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = requested.output.out;
  const checkpointDir = join(dir, RUN_FILES.checkpoint);
  // [data-parallel] rank 0 alone checks and writes the run directory; the others only read a checkpoint to resume.
  const lead = dataParallel === undefined || dataParallel.rank === 0;
  const createdDir = lead && !existsSync(dir);
  if (lead) await prepareOutDir(fn, dir);
  const resume = lead ? await checkRunDirectory(fn, dir, { resume: requested.output.resume, overwrite: hooks.overwrite === true }) : requested.output.resume;

  let checkpoint: Checkpoint | undefined;
  let options = requested;
  let startedAt = new Date().toISOString();
  if (resume) {
    checkpoint = await loadCheckpoint(checkpointDir);
    options = resumedOptions(checkpoint.meta['options'], requested, checkpointDir);
    validateRunOptions(options, fn);
    startedAt = typeof checkpoint.meta['startedAt'] === 'string' ? checkpoint.meta['startedAt'] : startedAt;
    log(`resuming ${dir} at epoch ${checkpoint.progress.epoch}/${options.optimiser.epochs}${checkpoint.progress.batch > 0 ? ` (batch ${checkpoint.progress.batch})` : ''} with its saved options`);
  }

  if (dataParallel !== undefined && options.optimiser.batchSize % dataParallel.worldSize !== 0) {
    throw new RunOptionsError(
      fn,
      'optimiser.batchSize',
      `be a multiple of the number of processes (${dataParallel.worldSize}): it is the global batch, of which each process takes batchSize / ${dataParallel.worldSize}`,
      options.optimiser.batchSize,
    );
  }
  // A dataset streamed from disk (inat:, list:, ilsvrc:, folder-stream:) trains from a decode pool (each rank its own).
  if (isStreamedDataset(options.data.dataset)) {
    return runStreamExperiment({ fn, options, dir, checkpointDir, checkpoint, startedAt, log, files: RUN_FILES, dataParallel }, hooks).catch((error: unknown) => {
      // An index that fails to open leaves no empty run directory behind (a run that started keeps its files).
      if (createdDir) removeEmptyDirectory(dir);
      throw error;
    });
  }
  // The data first: a missing or corrupt dataset fails fast, before any backend is set up.
  const dataDir = options.compute.dataDir;
  const seed = options.seed;
  const dataset = await inOptionTerms(fn, () => loadDataset(options.data.dataset, { ...(dataDir !== undefined ? { dataDir } : {}), seed }), LOADER_ARGUMENT_PATHS).catch(
    (error: unknown) => {
      // Nothing ran: leave no empty run directory behind (in a sweep it would count as a started cell).
      if (createdDir) removeEmptyDirectory(dir);
      throw error;
    },
  );
  const { backend } = await selectBackend(options.compute.backend, { ...(options.compute.threads !== undefined ? { threads: options.compute.threads } : {}), log });
  const savedBackend = checkpoint?.meta['backend'];
  if (typeof savedBackend === 'string' && savedBackend !== backend) {
    log(`note: the run was started on the ${savedBackend} backend and continues on ${backend}; results will differ slightly from an uninterrupted run`);
  }
  // What the data decides (model, augmentation) is filled in, so the results and the checkpoint say what ran.
  const byData = dataDefaults(dataset);
  options = {
    ...options,
    data: { ...options.data, augment: options.data.augment ?? byData.augment },
    model: { ...options.model, name: options.model.name ?? byData.model },
  };
  const { numClasses, sampleShape } = dataset;
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  const augment = options.data.augment === true;
  if (augment && !(dataset.kind === 'image' && sampleShape.length === 3 && dataset.train.x instanceof Uint8Array)) {
    throw new RunOptionsError(fn, 'data.augment', `be false for '${dataset.name}' (augmentation needs images; its samples are [${sampleShape.join(', ')}])`, true);
  }

  const longTailed = makeLongTailed(dataset.train, numClasses, {
    imbalanceFactor: options.data.imbalanceFactor,
    profile: options.data.profile,
    seed: options.seed,
    sampleSize,
  });
  if (lead) await writeSubsetFile(join(dir, RUN_FILES.subset), options, { dataset: dataset.name, samplesPerClass: longTailed.samplesPerClass, indices: longTailed.indices });
  let train: DataSplit = longTailed.split;
  let validation: DataSplit | undefined;
  if (options.data.validationFraction > 0) {
    ({ train, validation } = splitValidation(longTailed.split, numClasses, { fraction: options.data.validationFraction, seed: options.seed, sampleSize }));
  }
  const samplesPerClass = countPerClass(train.labels, numClasses);
  const settings = options.loss;
  const method = resolveMethod(settings.method);
  const loss = createLoss(method.name as MethodName, {
    samplesPerClass,
    beta: settings.beta,
    drwEpoch: settings.drwEpoch,
    ...settings.parameters,
  });
  const normalization = channelStats(train.x, train.count, sampleShape);
  const normalize = (batch: tf.Tensor): tf.Tensor => normalizeBatch(batch, normalization);
  const heldOut = validation ?? dataset.test;
  const modelName = options.model.name ?? byData.model;
  log(
    `${dataset.name}: ${train.count} training samples (${samplesPerClass.join('/')}), ${heldOut.count} ${validation ? 'validation' : 'test'} samples; ` +
      `${modelName}, ${describeLoss(settings)}, backend ${backend}`,
  );

  const model: tfl.LayersModel = buildModel(modelName, {
    inputShape: sampleShape,
    numClasses,
    finalBias: method.finalBias,
    classifier: method.classifier ?? 'linear',
    seed: options.seed,
  });
  try {
    // Post-hoc logit adjustment: every prediction takes the arg-max of logits − τ·log π.
    const logitOffsets = settings.posthocTau === undefined ? undefined : logPriors(samplesPerClass).map((l) => -(settings.posthocTau as number) * l);
    const evaluateOn = (split: DataSplit): SplitEvaluation =>
      evaluateSplit(model, split, { sampleShape, numClasses, normalize, trainSamplesPerClass: samplesPerClass, logitOffsets });
    // The held-out evaluation after the last epoch is kept, so the final one is not computed twice.
    let lastHeldOut: SplitEvaluation | undefined;
    // The validation split is long-tailed like the training set: its plain top-1 error would be dominated by
    // the head classes, so it is scored by the class-balanced error, the estimate of the balanced test error.
    const heldOutError = (result: SplitEvaluation): number =>
      validation ? balancedError(validation.labels, result.predictions, numClasses) : result.top1Error;
    const { epochs } = options.optimiser;
    const evaluate = (epoch: number): number => {
      const result = evaluateOn(heldOut);
      lastHeldOut = epoch === epochs ? result : undefined;
      return heldOutError(result);
    };
    const training = await trainModel({
      model,
      train,
      sampleShape,
      loss: loss as BatchLoss,
      onEpochStart: (epoch) => loss.setEpoch(epoch),
      toInput: (x, count) => tf.tidy(() => normalize(tf.tensor(x, [count, ...sampleShape], 'float32'))),
      ...trainerOptimiser(options.optimiser),
      weightDecayVariables: options.optimiser.decayScope === 'kernels' ? model.trainableWeights.filter((w) => w.shape.length >= 2) : weightDecayVariables(model, method.finalBias),
      augment,
      sampler: options.data.sampler,
      seed: options.seed,
      ...(lead ? { checkpointDir, evaluate } : {}),
      checkpointMeta: { options, startedAt, backend },
      ...(checkpoint ? { resumeFrom: checkpoint } : {}),
      ...(dataParallel ? { distributed: dataParallel } : {}),
      heldOutLabel: validation ? 'val err (balanced)' : 'test err',
      evaluateEvery: Math.ceil(epochs / 20),
      log,
      ...(hooks.progressBar !== undefined ? { progressBar: hooks.progressBar } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      resumeHint: `cbloss train --out ${dir} --resume`,
      ...(hooks.onEpoch && lead ? { onEpoch: (_record: EpochRecord, p: { history: readonly EpochRecord[]; epochs: number }) => hooks.onEpoch!({ ...p, dataset: dataset.name, heldOut: validation ? 'validation' : 'test' }) } : {}),
    });

    if (dataParallel !== undefined) {
      log(describeAllreduce(dataParallel));
      // [data-parallel] what follows (post-training steps, evaluation, files) is rank 0's alone.
      if (!lead) return undefined;
    }
    if (options.model.crtEpochs !== undefined) {
      await retrainClassifier(model, {
        train,
        sampleShape,
        normalize,
        numClasses,
        method: method.name as MethodName,
        finalBias: method.finalBias,
        classifier: method.classifier ?? 'linear',
        samplesPerClass,
        epochs: options.model.crtEpochs,
        optimiser: options.optimiser,
        seed: options.seed,
        log,
        ...(hooks.signal ? { signal: hooks.signal } : {}),
      });
      lastHeldOut = undefined;
    }
    if (options.model.tauNorm !== undefined) {
      // τ-normalisation of the trained classifier; the held-out evaluation of the last epoch predates it.
      tauNormalizeLogits(model, options.model.tauNorm);
      lastHeldOut = undefined;
    }
    const test = (validation === undefined ? lastHeldOut : undefined) ?? evaluateOn(dataset.test);
    const validationError = validation ? heldOutError(lastHeldOut ?? evaluateOn(validation)) : undefined;
    await saveRunModel(model, join(dir, RUN_FILES.model), { sampleShape, normalization, classNames: dataset.classNames });
    const results = buildRunResults({
      options,
      backend,
      processes: dataParallel?.worldSize,
      dataset: { name: dataset.name, source: dataset.source, classNames: dataset.classNames },
      samplesPerClass,
      testSamplesPerClass: countPerClass(dataset.test.labels, numClasses),
      classWeights: loss.classWeights,
      test,
      validationError,
      training,
      startedAt,
    });
    await writeFileAtomic(join(dir, RUN_FILES.results), runResultsText(results));
    log(`top-1 error ${test.top1Error.toFixed(2)}% on the balanced test set${validationError !== undefined ? ` (validation ${validationError.toFixed(2)}%)` : ''}; results in ${join(dir, RUN_FILES.results)}`);
    return results;
  } finally {
    model.dispose();
  }
}

/** The optimiser options as `trainModel` takes them (the undefined ones left out; the recipe's name is for the record). */
function trainerOptimiser(o: RunOptions['optimiser']): Omit<RunOptions['optimiser'], 'recipe' | 'decayScope'> {
  const { recipe: _recipe, decayScope: _scope, ...rest } = o;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Omit<RunOptions['optimiser'], 'recipe' | 'decayScope'>;
}

/** Replaces the final layer's kernel [D, C] by its τ-normalised columns (`tauNormalize`), keeping its bias. */
function tauNormalizeLogits(model: tfl.LayersModel, tau: number): void {
  const layer = model.getLayer(LOGITS_LAYER_NAME);
  const [kernel, ...rest] = layer.getWeights();
  if (kernel === undefined) return;
  const normalized = tauNormalize(kernel, tau);
  layer.setWeights([normalized, ...rest]);
  normalized.dispose();
}

/** `'focal loss, β 0.9999, gamma 1'`, `'softmax loss, β 0.9999 from epoch 160'`: a run's loss in one phrase. */
function describeLoss(settings: RunOptions['loss']): string {
  const parameters = Object.entries(settings.parameters).map(([name, value]) => `, ${name} ${value}`).join('');
  const drw = settings.drwEpoch === undefined || settings.beta === 0 ? '' : ` from epoch ${settings.drwEpoch + 1} (deferred re-weighting)`;
  return `${settings.method} loss, β ${settings.beta}${drw}${parameters}`;
}
