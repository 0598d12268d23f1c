import type { RunResults } from '../types.js';
import { upgradeRunResults } from './upgradeRunResults.js';
import { CblossError } from '../CblossError.js';
import { confusionMatrixProblem } from '../eval/confusionMatrixProblem.js';

type Check = (value: unknown) => boolean;

const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isString: Check = (v) => typeof v === 'string';
const isObject: Check = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const arrayOf =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(item);
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);

/** Every field the reports, `eval` and `sweep` read, with the rule it must follow (in the message's words). */
const FIELDS: readonly (readonly [path: string, check: Check, rule: string, optional?: true])[] = [
  ['version', isString, 'a string'],
  ['backend', isString, 'a string'],
  ['options', isObject, 'an object'],
  ['dataset', isObject, 'an object'],
  ['dataset.name', isString, 'a string'],
  ['dataset.classNames', arrayOf(isString), 'an array of strings'],
  ['samplesPerClass', arrayOf(isNumber), 'an array of numbers'],
  ['testSamplesPerClass', arrayOf(isNumber), 'an array of numbers'],
  ['effectiveNumbers', arrayOf(isNumber), 'an array of numbers'],
  ['classWeights', arrayOf(isNumber), 'an array of numbers'],
  ['top1Error', isNumber, 'a number'],
  ['perClassAccuracy', arrayOf(orNull(isNumber)), 'an array of numbers or nulls'],
  ['shotAccuracy', isObject, 'an object'],
  ['shotAccuracy.many', orNull(isNumber), 'a number or null'],
  ['shotAccuracy.medium', orNull(isNumber), 'a number or null'],
  ['shotAccuracy.few', orNull(isNumber), 'a number or null'],
  ['shotAccuracy.manyAbove', isNumber, 'a number'],
  ['shotAccuracy.fewBelow', isNumber, 'a number'],
  ['confusionMatrix', (v) => Array.isArray(v) || isObject(v), "an array of rows or a sparse matrix ({ format: 'sparse', numClasses, entries })"],
  ['validationError', isNumber, 'a number', true],
  ['history', arrayOf(isObject), 'an array of epoch records'],
  ['imagesPerSecond', isNumber, 'a number'],
  ['trainSeconds', isNumber, 'a number'],
  ['startedAt', isString, 'a string'],
  ['finishedAt', isString, 'a string'],
  ['name', isString, 'a string', true],
];

/** Fields of each `history` entry. */
const EPOCH_FIELDS: readonly (readonly [string, Check, string, true?])[] = [
  ['epoch', isNumber, 'a number'],
  ['loss', isNumber, 'a number'],
  ['trainAccuracy', isNumber, 'a number'],
  ['learningRate', isNumber, 'a number'],
  ['testError', isNumber, 'a number', true],
];

/** The per-class arrays, which must all have one entry per class name. */
const PER_CLASS = ['samplesPerClass', 'testSamplesPerClass', 'effectiveNumbers', 'classWeights', 'perClassAccuracy'] as const;

/**
 * Parses and checks the text of a run's `results.json` (as `cbloss train` writes it, a {@link RunResults}; one of an
 * older cbloss is upgraded first, see `upgradeRunResults`), so
 * that a damaged or hand-edited file gives one line naming the file and the field instead of a TypeError deep in
 * a report. `fn` is the command named in the message.
 *
 * @throws CblossError 'invalid-file', e.g. `report: 'runs/a/results.json' must be a JSON object (cbloss results); got null.`
 *   or `eval: 'runs/a/results.json' must have 'top1Error' as a number; got "12".`
 * @example
 * const results = parseRunResults('report', 'runs/a/results.json', readFileSync('runs/a/results.json', 'utf8'));
 */
export function parseRunResults(fn: string, path: string, text: string): RunResults {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw badFile(fn, path, 'be valid JSON', `a parse error (${(error as Error).message})`);
  }
  // The fields checked are the same in every version; then a file of an older cbloss (flat options) is upgraded.
  assertRunResults(fn, path, value);
  return upgradeRunResults(value, path);
}

/**
 * Checks an already parsed `results.json` value; see {@link parseRunResults}. `prefix` names where the results
 * sit inside the file (e.g. `'cells[2].results.'` in a sweep.json).
 *
 * @example
 * assertRunResults('eval', 'runs/a/results.json', {}); // throws: ... must have 'version' as a string; got nothing.
 */
export function assertRunResults(fn: string, path: string, value: unknown, prefix = ''): asserts value is RunResults {
  const bad = (rule: string, got: string): CblossError => badFile(fn, path, rule.replace(/'([^']+)'/, `'${prefix}$1'`), got);
  if (!isObject(value)) {
    throw badFile(fn, path, `be a JSON object (cbloss results)${prefix === '' ? '' : ` at '${prefix.slice(0, -1)}'`}`, shown(value));
  }
  for (const [field, check, rule, optional] of FIELDS) {
    const v = at(value, field);
    if (v === undefined && optional) continue;
    if (!check(v)) throw bad(`have '${field}' as ${rule}`, shown(v));
  }
  const run = value as unknown as RunResults;
  run.history.forEach((record, i) => {
    for (const [field, check, rule, optional] of EPOCH_FIELDS) {
      const v = (record as unknown as Record<string, unknown>)[field];
      if (v === undefined && optional) continue;
      if (!check(v)) throw bad(`have 'history[${i}].${field}' as ${rule}`, shown(v));
    }
  });
  const classes = run.dataset.classNames.length;
  for (const field of PER_CLASS) {
    const length = run[field].length;
    if (length !== classes) throw bad(`have '${field}' with one entry per class (${classes} in 'dataset.classNames')`, `${length}`);
  }
  // Dense (C rows of C counts) or sparse (its nonzero cells) with C classes: see storedConfusionMatrix.
  const problem = confusionMatrixProblem(run.confusionMatrix, classes);
  if (problem !== undefined) throw bad(`have 'confusionMatrix${problem.field}' ${problem.rule}`, problem.got);
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (isObject(v) ? (v as Record<string, unknown>)[key] : undefined), value);
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isObject(value)) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function badFile(fn: string, path: string, rule: string, got: string): CblossError {
  return new CblossError('invalid-file', `${fn}: '${path}' must ${rule}; got ${got}.`);
}
