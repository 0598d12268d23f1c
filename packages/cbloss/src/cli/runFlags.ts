import type { Command } from 'commander';
import { resolveLossType } from 'class-balanced-loss';
import { resolveModelName } from '../models/modelNames.js';
import { PAPER_DEFAULTS as D } from '../run/defaultRunOptions.js';
import type { BackendChoice, RunOptions } from '../types.js';
import { parseChoice, parseInteger, parseNumber } from './parseValues.js';

/** The backends `--backend` accepts. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'libtorch', 'wasm', 'cpu'];
const PROFILES: readonly RunOptions['profile'][] = ['exponential', 'step'];

/** Raw values of the run flags, as commander collects them (strings, booleans for switches). */
export interface RunFlags {
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly imbalanceFactor?: string;
  readonly profile?: string;
  readonly loss?: string;
  readonly beta?: string;
  readonly gamma?: string;
  readonly model?: string;
  readonly epochs?: string;
  readonly batchSize?: string;
  readonly lr?: string;
  readonly momentum?: string;
  readonly weightDecay?: string;
  readonly warmupEpochs?: string;
  readonly validationFraction?: string;
  readonly augment?: boolean;
  readonly seed?: string;
  readonly backend?: string;
  readonly threads?: string;
  readonly out?: string;
  readonly resume?: boolean;
}

/**
 * Adds the flags shared by `train` and `sweep` (data, model, optimisation, backend, output). No commander
 * defaults: a flag that is not given stays `undefined` and `resolveRunOptions` applies the documented default,
 * so the CLI and the API never disagree. `perRun` adds the flags that `sweep` replaces by lists
 * (`--imbalance-factor`, `--loss`, `--beta`, `--gamma`, `--seed`).
 */
export function addRunFlags(command: Command, perRun: boolean): Command {
  command
    .option('--dataset <spec>', `fashion-mnist | mnist | cifar10 | cifar100 | folder:PATH | csv:PATH | synthetic | synthetic-images (default: ${D.dataset})`)
    .option('--data-dir <dir>', 'where the dataset files are (default for fashion-mnist: /usr/share/datasets/fashion-mnist)');
  if (perRun) {
    command.option('--imbalance-factor <number>', `n_max / n_min of the long-tailed training set; 1 = balanced (default: ${D.imbalanceFactor})`);
  }
  command.option('--profile <name>', `long-tail profile: exponential | step (default: ${D.profile})`);
  if (perRun) {
    command
      .option('--loss <name>', `softmax | sigmoid | focal (default: ${D.loss})`)
      .option('--beta <number>', `class-balanced β in [0, 1]; 0 = unweighted (default: ${D.beta})`)
      .option('--gamma <number>', `focal γ ≥ 0, focal loss only (default: ${D.gamma})`);
  }
  command
    .option('--model <name>', 'resnet20 | resnet32 | resnet44 | resnet56 | resnet110 | cnn | mlp (default: by dataset: 28x28 → cnn, 32x32 → resnet32, tabular → mlp)')
    .option('--epochs <n>', `training epochs (default: ${D.epochs})`)
    .option('--batch-size <n>', `mini-batch size (default: ${D.batchSize})`)
    .option('--lr <number>', `base learning rate of SGD with momentum (default: ${D.learningRate})`)
    .option('--momentum <number>', `SGD momentum (default: ${D.momentum})`)
    .option('--weight-decay <number>', `L2 weight decay (default: ${D.weightDecay})`)
    .option('--warmup-epochs <n>', `linear learning-rate warm-up epochs (default: ${D.warmupEpochs})`)
    .option('--validation-fraction <number>', `fraction of the long-tailed training set held out (stratified) for validation (default: ${D.validationFraction})`)
    .option('--augment', 'random crop (pad 4) + horizontal flip (default: on for 32x32 RGB only)')
    .option('--no-augment', 'no augmentation');
  if (perRun) command.option('--seed <n>', `seed of every random choice (default: ${D.seed})`);
  return command
    .option('--backend <name>', `auto | libtorch | wasm | cpu (default: ${D.backend}: libtorch if available, else wasm)`)
    .option('--threads <n>', "threads of the libtorch or wasm backend (default: the backend's own)")
    .option('--resume', 'continue from the last checkpoint in --out');
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Turns the raw run flags into a partial {@link RunOptions}: parses numbers, resolves the loss and model names
 * (unknown → 'unknown-name' with the nearest one) and leaves unset flags out.
 */
export function runFlagsToOptions(commandName: string, flags: RunFlags): Partial<RunOptions> {
  const options: Partial<Mutable<RunOptions>> = {};
  const number = (flag: string, text: string | undefined): number | undefined =>
    text === undefined ? undefined : parseNumber(commandName, flag, text);
  const integer = (flag: string, text: string | undefined): number | undefined =>
    text === undefined ? undefined : parseInteger(commandName, flag, text);
  const set = <K extends keyof RunOptions>(key: K, value: RunOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('dataset', flags.dataset);
  set('dataDir', flags.dataDir);
  set('imbalanceFactor', number('--imbalance-factor', flags.imbalanceFactor));
  set('profile', flags.profile === undefined ? undefined : parseChoice(commandName, '--profile', flags.profile, PROFILES));
  set('loss', flags.loss === undefined ? undefined : resolveLossType(flags.loss, { caller: commandName, argument: '--loss' }));
  set('beta', number('--beta', flags.beta));
  set('gamma', number('--gamma', flags.gamma));
  set('model', flags.model === undefined ? undefined : resolveModelName(flags.model));
  set('epochs', integer('--epochs', flags.epochs));
  set('batchSize', integer('--batch-size', flags.batchSize));
  set('learningRate', number('--lr', flags.lr));
  set('momentum', number('--momentum', flags.momentum));
  set('weightDecay', number('--weight-decay', flags.weightDecay));
  set('warmupEpochs', number('--warmup-epochs', flags.warmupEpochs));
  set('validationFraction', number('--validation-fraction', flags.validationFraction));
  set('augment', flags.augment);
  set('seed', integer('--seed', flags.seed));
  set('backend', flags.backend === undefined ? undefined : parseChoice(commandName, '--backend', flags.backend, BACKEND_CHOICES));
  set('threads', integer('--threads', flags.threads));
  set('out', flags.out);
  set('resume', flags.resume);
  return options;
}
