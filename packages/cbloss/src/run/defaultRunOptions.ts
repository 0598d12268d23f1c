import { CbLossError, LOSS_TYPES, nearestName } from 'class-balanced-loss';
import type { BackendChoice, ModelName, RunOptions } from '../types.js';
import { MODEL_NAMES } from '../models/modelNames.js';

/**
 * The paper's training recipe (Cui et al., arXiv:1901.05555, §5.1 — CIFAR, ResNet-32): SGD with momentum 0.9,
 * batch 128, weight decay 2e-4, learning rate 0.1 with a 5-epoch linear warm-up, decayed ×0.01 at epochs 160 and 180
 * of 200; long-tailed training sets with an exponential profile and imbalance factor 100. Loss: unweighted softmax
 * (β = 0); γ = 1 for focal (the paper's best γ depends on the dataset; 1 is a fair middle).
 */
export const PAPER_DEFAULTS = {
  dataset: 'fashion-mnist',
  imbalanceFactor: 100,
  profile: 'exponential',
  loss: 'softmax',
  beta: 0,
  gamma: 1,
  epochs: 200,
  batchSize: 128,
  learningRate: 0.1,
  momentum: 0.9,
  weightDecay: 2e-4,
  warmupEpochs: 5,
  validationFraction: 0,
  seed: 1,
  backend: 'auto',
  resume: false,
} as const satisfies Partial<RunOptions>;

/**
 * The model and augmentation a dataset gets when none is asked for: 28x28 grey images (`fashion-mnist`, `mnist`)
 * and the 16x16 `synthetic-images` → `cnn`, no augmentation; 32x32 RGB (`cifar10`, `cifar100`) → `resnet32` with
 * augmentation (random crop + flip, as in the paper); tabular (`synthetic`, `csv:`) → `mlp`; image folders
 * (`folder:`, whose size is only known after loading) → `resnet32` without augmentation (pass `augment: true` for
 * natural RGB photos).
 *
 * @example
 * defaultsForDataset('cifar10'); // { model: 'resnet32', augment: true }
 */
export function defaultsForDataset(dataset: string): { model: ModelName; augment: boolean } {
  if (dataset === 'cifar10' || dataset === 'cifar100') return { model: 'resnet32', augment: true };
  if (dataset === 'synthetic' || dataset.startsWith('csv:')) return { model: 'mlp', augment: false };
  if (dataset.startsWith('folder:')) return { model: 'resnet32', augment: false };
  return { model: 'cnn', augment: false };
}

const PROFILES: readonly RunOptions['profile'][] = ['exponential', 'step'];
const BACKENDS: readonly BackendChoice[] = ['auto', 'libtorch', 'wasm', 'cpu'];

/** The command-line flag of each option, for messages. */
const FLAGS: Readonly<Record<keyof RunOptions, string>> = {
  dataset: '--dataset',
  dataDir: '--data-dir',
  imbalanceFactor: '--imbalance-factor',
  profile: '--profile',
  loss: '--loss',
  beta: '--beta',
  gamma: '--gamma',
  model: '--model',
  epochs: '--epochs',
  batchSize: '--batch-size',
  learningRate: '--lr',
  momentum: '--momentum',
  weightDecay: '--weight-decay',
  warmupEpochs: '--warmup-epochs',
  augment: '--augment',
  validationFraction: '--validation-fraction',
  seed: '--seed',
  backend: '--backend',
  threads: '--threads',
  out: '--out',
  resume: '--resume',
};

/**
 * Completes a partial set of run options with the paper's defaults ({@link PAPER_DEFAULTS}, plus a model and an
 * augmentation chosen from the dataset by {@link defaultsForDataset}) and validates every value, so that
 * `runExperiment` only ever sees a sound `RunOptions`. Unknown keys are rejected too (a typo would otherwise be
 * silently ignored).
 *
 * @throws CbLossError `'invalid-argument'` (e.g. `train: '--epochs' must be a positive integer; got 0.`) or
 *   `'unknown-name'` (e.g. `train: '--loss' must be one of softmax, sigmoid, focal; got 'focla' (did you mean 'focal'?).`).
 * @example
 * const options = resolveRunOptions({ dataset: 'cifar10', loss: 'focal', beta: 0.9999, out: 'runs/a' });
 * options.model;  // 'resnet32'
 * options.epochs; // 200
 */
export function resolveRunOptions(partial: Partial<RunOptions> & { out: string }): RunOptions {
  for (const key of Object.keys(partial)) {
    if (!(key in FLAGS)) {
      const nearest = nearestName(key, Object.keys(FLAGS));
      const hint = nearest === undefined ? '' : ` (did you mean '${nearest}'?)`;
      throw new CbLossError('unknown-name', `train: option '${key}' must be one of ${Object.keys(FLAGS).join(', ')}; got '${key}'${hint}.`);
    }
  }
  const dataset = partial.dataset ?? PAPER_DEFAULTS.dataset;
  const byDataset = typeof dataset === 'string' ? defaultsForDataset(dataset) : { model: 'cnn' as const, augment: false };
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<RunOptions>;
  const options: RunOptions = { ...PAPER_DEFAULTS, ...byDataset, ...defined, dataset, out: partial.out };
  validateRunOptions(options);
  return options;
}

/**
 * Checks every field of complete run options (the rules of {@link resolveRunOptions}); throws the first problem
 * found as a `CbLossError`. `runExperiment` calls it, so hand-built options are checked too.
 *
 * @example
 * validateRunOptions({ ...resolveRunOptions({ out: 'x' }), momentum: 1 });
 * // throws CbLossError: train: '--momentum' must be in [0, 1); got 1.
 */
export function validateRunOptions(options: RunOptions): void {
  const o = options;
  const fail = (key: keyof RunOptions, rule: string, code: 'invalid-argument' | 'unknown-name' = 'invalid-argument', hint = ''): never => {
    const value = o[key];
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    throw new CbLossError(code, `train: '${FLAGS[key]}' must ${rule}; got ${shown}${hint}.`);
  };
  const choice = <T extends string>(key: keyof RunOptions, valid: readonly T[]): void => {
    const value = o[key];
    if (typeof value === 'string' && (valid as readonly string[]).includes(value)) return;
    const nearest = typeof value === 'string' ? nearestName(value, valid) : undefined;
    fail(key, `be one of ${valid.join(', ')}`, 'unknown-name', nearest === undefined ? '' : ` (did you mean '${nearest}'?)`);
  };
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const positiveInteger = (key: keyof RunOptions): void => {
    const v = o[key];
    if (!(isNumber(v) && Number.isInteger(v) && v > 0)) fail(key, 'be a positive integer');
  };

  if (typeof o.dataset !== 'string' || o.dataset.trim() === '') fail('dataset', 'be a dataset name or folder:PATH / csv:PATH');
  if (o.dataDir !== undefined && (typeof o.dataDir !== 'string' || o.dataDir === '')) fail('dataDir', 'be a directory path');
  if (!isNumber(o.imbalanceFactor) || o.imbalanceFactor < 1) fail('imbalanceFactor', 'be a number >= 1 (1 = balanced)');
  choice('profile', PROFILES);
  choice('loss', LOSS_TYPES);
  if (!isNumber(o.beta) || o.beta < 0 || o.beta > 1) fail('beta', 'be in [0, 1]');
  if (!isNumber(o.gamma) || o.gamma < 0) fail('gamma', 'be a number >= 0');
  choice('model', MODEL_NAMES);
  positiveInteger('epochs');
  positiveInteger('batchSize');
  if (!isNumber(o.learningRate) || o.learningRate <= 0) fail('learningRate', 'be a number > 0');
  if (!isNumber(o.momentum) || o.momentum < 0 || o.momentum >= 1) fail('momentum', 'be in [0, 1)');
  if (!isNumber(o.weightDecay) || o.weightDecay < 0) fail('weightDecay', 'be a number >= 0');
  if (!isNumber(o.warmupEpochs) || o.warmupEpochs < 0) fail('warmupEpochs', 'be a number >= 0');
  if (typeof o.augment !== 'boolean') fail('augment', 'be true or false');
  if (!isNumber(o.validationFraction) || o.validationFraction < 0 || o.validationFraction >= 1) fail('validationFraction', 'be in [0, 1)');
  if (!(isNumber(o.seed) && Number.isSafeInteger(o.seed) && o.seed >= 0)) fail('seed', 'be an integer >= 0');
  choice('backend', BACKENDS);
  if (o.threads !== undefined) positiveInteger('threads');
  if (typeof o.out !== 'string' || o.out.trim() === '') fail('out', 'be a directory path');
  if (typeof o.resume !== 'boolean') fail('resume', 'be true or false');
}
