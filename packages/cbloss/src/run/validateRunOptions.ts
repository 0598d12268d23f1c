import { LONG_TAIL_PROFILES, METHOD_NAMES, SAMPLER_NAMES, nearestName, parameterAccepts, parameterRule, resolveMethod } from 'class-balanced-loss';
import { BACKEND_CHOICES } from '../backend/selectBackend.js';
import { isStreamedDataset } from '../data/loadDataset.js';
import { MODEL_NAMES } from '../models/modelNames.js';
import { DECAY_SCOPES, type RunOptions } from '../types.js';
import { RECIPE_NAMES } from './recipes.js';
import { RunOptionsError } from './RunOptionsError.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPositiveInteger = (v: unknown): boolean => isNumber(v) && Number.isInteger(v) && v > 0;
const isPath = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** One field's rule: `ok` decides, `rule` says it as `'<path>' must <rule>`; `choices` for names (nearest suggested). */
interface FieldRule {
  readonly rule: string;
  readonly ok: (value: unknown, options: RunOptions) => boolean;
  readonly optional?: true;
  readonly choices?: readonly string[];
}

const choice = (choices: readonly string[], optional?: true): FieldRule => ({
  rule: `be one of ${choices.join(', ')}`,
  ok: (v) => typeof v === 'string' && choices.includes(v),
  choices,
  ...(optional ? { optional } : {}),
});

/**
 * The rule of every field of {@link RunOptions}, by group: the one list that both validation and the unknown-key check
 * read. (`loss.parameters` is checked against the method's entry in the library's registry.)
 */
export const RUN_OPTION_RULES = {
  data: {
    dataset: { rule: 'be a dataset name or PREFIX:PATH', ok: isPath },
    imbalanceFactor: { rule: 'be a number >= 1 (1 = as loaded)', ok: (v) => isNumber(v) && v >= 1 },
    profile: choice(LONG_TAIL_PROFILES),
    validationFraction: { rule: 'be in [0, 1)', ok: (v) => isNumber(v) && v >= 0 && v < 1 },
    augment: { rule: 'be true or false', ok: (v) => typeof v === 'boolean', optional: true },
    sampler: choice(SAMPLER_NAMES),
    imageSize: { rule: 'be an integer >= 16 (streamed datasets)', ok: (v) => isPositiveInteger(v) && (v as number) >= 16, optional: true },
    skipBadImages: { rule: 'be true or false', ok: (v) => typeof v === 'boolean', optional: true },
  },
  loss: {
    method: choice(METHOD_NAMES),
    beta: { rule: 'be in [0, 1]', ok: (v) => isNumber(v) && v >= 0 && v <= 1 },
    parameters: { rule: 'be an object of numbers', ok: (v) => v !== null && typeof v === 'object' && !Array.isArray(v) },
    drwEpoch: {
      rule: "be an integer in [0, 'optimiser.epochs')",
      ok: (v, o) => isNumber(v) && Number.isInteger(v) && v >= 0 && v < o.optimiser.epochs,
      optional: true,
    },
    posthocTau: { rule: 'be a number >= 0', ok: (v) => isNumber(v) && v >= 0, optional: true },
  },
  model: {
    name: choice(MODEL_NAMES, true),
    tauNorm: { rule: 'be a number >= 0', ok: (v) => isNumber(v) && v >= 0, optional: true },
    crtEpochs: { rule: 'be a positive integer', ok: isPositiveInteger, optional: true },
  },
  optimiser: {
    epochs: { rule: 'be a positive integer', ok: isPositiveInteger },
    batchSize: { rule: 'be a positive integer', ok: isPositiveInteger },
    learningRate: { rule: 'be a number > 0', ok: (v) => isNumber(v) && v > 0 },
    momentum: { rule: 'be in [0, 1)', ok: (v) => isNumber(v) && v >= 0 && v < 1 },
    weightDecay: { rule: 'be a number >= 0', ok: (v) => isNumber(v) && v >= 0 },
    warmupEpochs: { rule: 'be a number >= 0', ok: (v) => isNumber(v) && v >= 0 },
    nesterov: { rule: 'be true or false', ok: (v) => typeof v === 'boolean', optional: true },
    accumulate: {
      rule: "be a positive integer dividing 'optimiser.batchSize'",
      ok: (v, o) => isPositiveInteger(v) && o.optimiser.batchSize % (v as number) === 0,
      optional: true,
    },
    milestones: {
      rule: 'be a non-decreasing list of epochs >= 0',
      ok: (v) => Array.isArray(v) && v.every((m, i) => isNumber(m) && m >= 0 && (i === 0 || m >= (v[i - 1] as number))),
      optional: true,
    },
    lrDecay: { rule: 'be in (0, 1]', ok: (v) => isNumber(v) && v > 0 && v <= 1, optional: true },
    decayScope: choice(DECAY_SCOPES, true),
    recipe: choice(RECIPE_NAMES, true),
  },
  compute: {
    backend: choice(BACKEND_CHOICES),
    threads: { rule: 'be a positive integer', ok: isPositiveInteger, optional: true },
    dataDir: { rule: 'be a directory path', ok: isPath, optional: true },
    workers: { rule: 'be a positive integer', ok: isPositiveInteger, optional: true },
  },
  output: {
    out: { rule: 'be a directory path', ok: isPath },
    name: { rule: 'be a non-empty name', ok: isPath, optional: true },
    resume: { rule: 'be true or false', ok: (v) => typeof v === 'boolean' },
  },
} as const satisfies Record<Exclude<keyof RunOptions, 'seed'>, Record<string, FieldRule>>;

const SEED_RULE: FieldRule = { rule: 'be an integer >= 0', ok: (v) => isNumber(v) && Number.isSafeInteger(v) && v >= 0 };

/**
 * Checks every field of complete run options and throws the first problem as a {@link RunOptionsError} naming its
 * path: unknown groups or fields (with the nearest valid name), values out of range, a method that is not in the
 * library's registry, a parameter the method does not have or out of its registry range.
 *
 * @param caller - the function named in messages (default `'validateRunOptions'`).
 * @example
 * validateRunOptions({ ...resolveRunOptions({ output: { out: 'x' } }), optimiser: { ...o.optimiser, momentum: 1 } });
 * // throws RunOptionsError: validateRunOptions: 'optimiser.momentum' must be in [0, 1); got 1.
 */
export function validateRunOptions(options: RunOptions, caller = 'validateRunOptions'): void {
  const fail = (path: string, rule: string, value: unknown, code: 'invalid-argument' | 'unknown-name' = 'invalid-argument', hint = ''): never => {
    throw new RunOptionsError(caller, path, rule, value, code, hint);
  };
  if (options === null || typeof options !== 'object') fail('options', 'be an object', options);
  const groups = [...Object.keys(RUN_OPTION_RULES), 'seed'];
  for (const key of Object.keys(options)) {
    if (!groups.includes(key)) fail(key, `be one of the option groups ${groups.join(', ')}`, key, 'unknown-name', suggestion(key, groups));
  }
  for (const [group, rules] of Object.entries(RUN_OPTION_RULES) as [keyof typeof RUN_OPTION_RULES, Record<string, FieldRule>][]) {
    const raw: unknown = options[group];
    if (raw === null || typeof raw !== 'object') return fail(group, 'be an object', raw);
    const values = raw as Record<string, unknown>;
    const fields = Object.keys(rules);
    for (const key of Object.keys(values)) {
      if (!fields.includes(key)) fail(`${group}.${key}`, `be one of ${fields.map((f) => `${group}.${f}`).join(', ')}`, key, 'unknown-name', suggestion(key, fields));
    }
    for (const [field, rule] of Object.entries(rules)) {
      const value = values[field];
      if (value === undefined && rule.optional) continue;
      if (rule.ok(value, options)) continue;
      const hint = rule.choices !== undefined && typeof value === 'string' ? suggestion(value, rule.choices) : '';
      fail(`${group}.${field}`, rule.rule, value, rule.choices ? 'unknown-name' : 'invalid-argument', hint);
    }
  }
  if (!SEED_RULE.ok(options.seed, options)) fail('seed', SEED_RULE.rule, options.seed);
  // cRT re-trains on the features of an in-memory training set and τ-norm runs in the same post-training code: for a
  // streamed dataset they are refused before anything runs (a sweep or comparison checks every cell first).
  if (isStreamedDataset(options.data.dataset)) {
    for (const key of ['crtEpochs', 'tauNorm'] as const) {
      const value = options.model[key];
      if (value !== undefined) fail(`model.${key}`, 'be left out for a dataset streamed from disk (classifier re-training and τ-normalisation run on in-memory datasets)', value);
    }
  }
  const method = resolveMethod(options.loss.method);
  const names = method.parameters.map((p) => p.name);
  for (const key of Object.keys(options.loss.parameters)) {
    if (!names.includes(key)) {
      const has = names.length === 0 ? 'it has none' : `it has ${names.join(', ')}`;
      fail(`loss.parameters.${key}`, `be a parameter of the method '${method.name}' (${has})`, options.loss.parameters[key]);
    }
  }
  for (const parameter of method.parameters) {
    const value = options.loss.parameters[parameter.name];
    if (!parameterAccepts(parameter, value)) fail(`loss.parameters.${parameter.name}`, parameterRule(parameter), value);
  }
}

function suggestion(value: string, valid: readonly string[]): string {
  const nearest = nearestName(value, valid);
  return nearest === undefined ? '' : ` (did you mean '${nearest}'?)`;
}
