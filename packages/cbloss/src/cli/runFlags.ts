import type { Command } from 'commander';
import { LONG_TAIL_PROFILES, LOSS_METHODS, SAMPLERS, type MethodParameter } from 'class-balanced-loss';
import { BACKEND_CHOICES } from '../backend/selectBackend.js';
import { DATASETS } from '../data/datasets.js';
import { MODEL_NAMES } from '../models/modelNames.js';
import { RECIPES } from '../run/recipes.js';
import { RUN_DEFAULTS as D } from '../run/runDefaults.js';
import { DECAY_SCOPES, type RunOptionsInput } from '../types.js';
import { parseInteger, parseNumber, parseNumberList } from './parseValues.js';

/** How a flag's text becomes a value: its form only; the run layer checks ranges and names. */
type FlagValue = 'number' | 'integer' | 'numbers' | 'string' | 'switch';

/** One run flag: what the user types, the option it sets (its path in `RunOptions`) and its help. */
export interface RunFlag {
  /** e.g. `'--epochs'`; commander's attribute is its camelCase (`epochs`, `batchSize`, `maxMargin`). */
  readonly flag: string;
  /** e.g. `'optimiser.epochs'`, `'loss.parameters.gamma'`. */
  readonly path: string;
  readonly value: FlagValue;
  readonly help: string;
  /** Set per cell by `sweep` (which takes a list instead): only `train` has the flag itself. */
  readonly perRun?: true;
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** Commander's attribute of a flag: `'--batch-size'` → `'batchSize'`, `'--max-margins'` → `'maxMargins'`. */
export function flagAttribute(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
const choices = (values: readonly string[]): string => values.join(' | ');

/** The method parameters of the registry, by name, with the methods that have each (`gamma` → focal). */
export function methodParameters(): { parameter: MethodParameter; methods: string[] }[] {
  const byName = new Map<string, { parameter: MethodParameter; methods: string[] }>();
  for (const method of LOSS_METHODS) {
    for (const parameter of method.parameters as readonly MethodParameter[]) {
      const entry = byName.get(parameter.name) ?? { parameter, methods: [] };
      entry.methods.push(method.name);
      byName.set(parameter.name, entry);
    }
  }
  return [...byName.values()];
}

/** `--gamma` for the registry parameter `gamma`, `--max-margin` for `maxMargin`. */
export function parameterFlag(name: string): string {
  return `--${kebab(name)}`;
}

/**
 * Every flag of `train` (and, except the `perRun` ones, of `sweep`), derived from the run options' structure, the
 * dataset registry and the library's method registry (`--loss` choices and one flag per method parameter). The one
 * table that parsing, help and the translation of option paths into flags in messages read.
 */
export function runFlagTable(): RunFlag[] {
  const methodHelp = LOSS_METHODS.map((m) => `${m.name} (${m.summary})`).join('; ');
  return [
    {
      flag: '--dataset',
      path: 'data.dataset',
      value: 'string',
      help: `${choices(DATASETS.map((d) => d.usage))} (default: ${D.data.dataset}); streamed from disk: ${DATASETS.filter((d) => d.kind === 'stream').map((d) => d.usage).join(', ')} (see "Datasets" below)`,
    },
    { flag: '--recipe', path: 'recipe', value: 'string', perRun: true, help: `a preset for every option not given: ${RECIPES.map((r) => `${r.name} (${r.summary})`).join('; ')} (default: none)` },
    { flag: '--data-dir', path: 'compute.dataDir', value: 'string', help: "where this machine has the dataset's files (default: the dataset's own location)" },
    { flag: '--imbalance-factor', path: 'data.imbalanceFactor', value: 'number', perRun: true, help: `n_max / n_min of the long-tailed training set; 1 = as loaded (default: ${D.data.imbalanceFactor})` },
    { flag: '--profile', path: 'data.profile', value: 'string', help: `long-tail profile: ${choices(LONG_TAIL_PROFILES)} (default: ${D.data.profile})` },
    { flag: '--loss', path: 'loss.method', value: 'string', perRun: true, help: `the loss method: ${methodHelp} (default: ${D.loss.method})` },
    { flag: '--beta', path: 'loss.beta', value: 'number', perRun: true, help: `class-balanced β in [0, 1] for any loss; 0 = unweighted (default: ${D.loss.beta})` },
    ...methodParameters().map(({ parameter, methods }): RunFlag => ({
      flag: parameterFlag(parameter.name),
      path: `loss.parameters.${parameter.name}`,
      value: 'number',
      perRun: true,
      help: `${parameter.help}; --loss ${methods.join(' | ')} only (default: ${parameter.default})`,
    })),
    { flag: '--drw-epoch', path: 'loss.drwEpoch', value: 'integer', help: 'deferred re-weighting: train unweighted for this many epochs, then with the class-balanced weights of --beta (default: weighted from the start)' },
    { flag: '--posthoc-tau', path: 'loss.posthocTau', value: 'number', help: 'post-hoc logit adjustment: predict with logits − τ·log(training class frequency) (Menon et al.; default: none)' },
    { flag: '--tau-norm', path: 'model.tauNorm', value: 'number', help: "τ-normalise the trained classifier's class weight vectors, w_c / ‖w_c‖^τ (Kang et al.; default: none)" },
    { flag: '--crt-epochs', path: 'model.crtEpochs', value: 'integer', help: 'classifier re-training (cRT, Kang et al.): after training, re-train a fresh final layer on the frozen features with class-balanced sampling for this many epochs (default: none)' },
    { flag: '--sampler', path: 'data.sampler', value: 'string', help: `how each epoch draws its examples: ${SAMPLERS.map((x) => `${x.name} (${x.summary})`).join('; ')} (default: ${D.data.sampler})` },
    { flag: '--model', path: 'model.name', value: 'string', help: `${choices(MODEL_NAMES)} (default: by the data: tabular → mlp, RGB of 32 px and more → resnet32, other images → cnn)` },
    { flag: '--epochs', path: 'optimiser.epochs', value: 'integer', help: `training epochs (default: ${D.optimiser.epochs})` },
    { flag: '--batch-size', path: 'optimiser.batchSize', value: 'integer', help: `mini-batch size (default: ${D.optimiser.batchSize})` },
    { flag: '--lr', path: 'optimiser.learningRate', value: 'number', help: `base learning rate of SGD with momentum (default: ${D.optimiser.learningRate})` },
    { flag: '--momentum', path: 'optimiser.momentum', value: 'number', help: `SGD momentum (default: ${D.optimiser.momentum})` },
    { flag: '--weight-decay', path: 'optimiser.weightDecay', value: 'number', help: `L2 weight decay (default: ${D.optimiser.weightDecay})` },
    { flag: '--warmup-epochs', path: 'optimiser.warmupEpochs', value: 'number', help: `linear learning-rate warm-up epochs (default: ${D.optimiser.warmupEpochs})` },
    { flag: '--milestones', path: 'optimiser.milestones', value: 'numbers', help: 'epochs at which the learning rate is multiplied by --lr-decay, e.g. 30,60,80 (default: 0.8 and 0.9 of --epochs)' },
    { flag: '--lr-decay', path: 'optimiser.lrDecay', value: 'number', help: 'factor applied at each milestone (default: 0.01)' },
    { flag: '--nesterov', path: 'optimiser.nesterov', value: 'switch', help: 'Nesterov momentum (default: plain momentum)' },
    { flag: '--accumulate', path: 'optimiser.accumulate', value: 'integer', help: 'gradient accumulation: run each step of --batch-size samples as this many micro-batches (must divide it), for a large batch in little memory (default: 1)' },
    { flag: '--decay-scope', path: 'optimiser.decayScope', value: 'string', help: `what weight decay applies to: ${choices(DECAY_SCOPES)} (all: every variable but a prior final bias, the paper's CIFAR code; kernels: conv/dense kernels only; default: all)` },
    { flag: '--validation-fraction', path: 'data.validationFraction', value: 'number', help: `fraction of the long-tailed training set held out (stratified) for validation (default: ${D.data.validationFraction})` },
    { flag: '--image-size', path: 'data.imageSize', value: 'integer', help: 'streamed datasets: side of the training crops and evaluation centre crops in pixels, e.g. 224 or 320 (default: 224)' },
    { flag: '--skip-bad-images', path: 'data.skipBadImages', value: 'switch', help: 'streamed datasets: leave out missing, truncated or corrupt image files and report how many, instead of stopping at the first (default: stop)' },
    { flag: '--workers', path: 'compute.workers', value: 'integer', help: 'streamed datasets: image decoding worker threads, per process with --nproc (default: min(4, cores − 1))' },
    { flag: '--augment', path: 'data.augment', value: 'switch', help: 'random crop (pad 4) + horizontal flip; --no-augment: none (default: on for RGB images of 32 px and more)' },
    { flag: '--seed', path: 'seed', value: 'integer', perRun: true, help: `seed of every random choice (default: ${D.seed})` },
    { flag: '--backend', path: 'compute.backend', value: 'string', help: `${choices(BACKEND_CHOICES)} (default: ${D.compute.backend}: libtorch if available, else wasm)` },
    { flag: '--threads', path: 'compute.threads', value: 'integer', help: "threads of the libtorch or wasm backend (default: the backend's own)" },
    { flag: '--resume', path: 'output.resume', value: 'switch', help: 'continue from the last checkpoint in --out' },
    { flag: '--out', path: 'output.out', value: 'string', help: 'the run directory' },
    { flag: '--name', path: 'output.name', value: 'string', perRun: true, help: "the run's name in reports (default: the name of its directory)" },
  ];
}

/** Raw flag values as commander collects them (strings; booleans for switches), by commander attribute name. */
export type RunFlags = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Adds the run flags to a command: all of them for `train` (`perRun`), those shared by every cell for `sweep`. No
 * commander defaults: a flag not given stays `undefined` and the run layer applies the documented default, so the CLI
 * and the API never disagree. `--out` is added by each command (its help and requiredness differ).
 */
export function addRunFlags(command: Command, perRun: boolean): Command {
  for (const spec of runFlagTable()) {
    if ((spec.perRun && !perRun) || spec.flag === '--out') continue;
    if (spec.value === 'switch') {
      command.option(spec.flag, spec.help);
      if (spec.flag === '--augment') command.option('--no-augment', 'no augmentation');
    } else {
      command.option(`${spec.flag} <${{ string: 'value', integer: 'n', numbers: 'list', number: 'number' }[spec.value]}>`, spec.help);
    }
  }
  return command;
}

/**
 * Turns raw run flags into nested run options ({@link RunOptionsInput}): parses the form of numbers and leaves unset
 * flags out; the run layer checks the values, and {@link inFlagTerms} puts its messages in terms of these flags.
 */
export function runFlagsToOptions(commandName: string, flags: RunFlags): Omit<RunOptionsInput, 'output'> & { output: { out?: string; resume?: boolean } } {
  const options: Record<string, unknown> = {};
  for (const spec of runFlagTable()) {
    const raw = flags[flagAttribute(spec.flag)];
    if (raw === undefined) continue;
    let value: unknown = raw;
    if (spec.value === 'number') value = parseNumber(commandName, spec.flag, String(raw));
    if (spec.value === 'integer') value = parseInteger(commandName, spec.flag, String(raw));
    if (spec.value === 'numbers') value = parseNumberList(commandName, spec.flag, String(raw));
    setPath(options, spec.path, value);
  }
  return { ...options, output: (options['output'] as { out?: string; resume?: boolean } | undefined) ?? {} };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1] as string] = value;
}
