import { CbLossError } from './CbLossError.js';
import { nearestName } from './nearestName.js';

/**
 * Formats a value for an error message: numbers as written, strings quoted, arrays as `[a, b]`,
 * long arrays shortened.
 *
 * @example
 * formatValue([32, 10]); // '[32, 10]'
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, 8).map(formatValue);
    return `[${shown.join(', ')}${items.length > 8 ? `, ... (${items.length} items)` : ''}]`;
  }
  if (typeof value === 'number' && Object.is(value, -0)) return '0';
  return String(value);
}

/**
 * Builds (does not throw) `CbLossError('unknown-name', "fn: 'arg' must be one of 'a', 'b'; got 'x' (did you mean 'a'?).")`,
 * the error of every registry lookup (methods, samplers), suggesting the nearest valid name when one is close.
 *
 * @example
 * throw unknownName('train', '--sampler', 'class-balance', ['instance', 'class-balanced']);
 * // train: '--sampler' must be one of 'instance', 'class-balanced'; got 'class-balance' (did you mean 'class-balanced'?).
 */
export function unknownName(fn: string, arg: string, value: unknown, valid: readonly string[]): CbLossError {
  const nearest = typeof value === 'string' ? nearestName(value, valid) : undefined;
  const hint = nearest === undefined ? '' : ` (did you mean '${nearest}'?)`;
  return new CbLossError('unknown-name', `${fn}: '${arg}' must be one of ${valid.map((v) => `'${v}'`).join(', ')}; got ${formatValue(value)}${hint}.`);
}

/**
 * Builds (does not throw) `CbLossError('invalid-argument', "fn: 'arg' must <rule>; got <value>.")`.
 *
 * @example
 * throw invalidArgument('loadImages', 'path', 'be a directory', '/tmp/x.png');
 * // loadImages: 'path' must be a directory; got '/tmp/x.png'.
 */
export function invalidArgument(fn: string, arg: string, rule: string, value: unknown): CbLossError {
  return new CbLossError('invalid-argument', `${fn}: '${arg}' must ${rule}; got ${formatValue(value)}.`);
}

/**
 * Checks that `value` is a finite number (not NaN, not ±Infinity).
 *
 * @example
 * assertFinite('scale', 'factor', NaN); // throws: scale: 'factor' must be a finite number; got NaN.
 */
export function assertFinite(fn: string, arg: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(fn, arg, 'be a finite number', value);
}

/**
 * Checks that `value` is a number in the closed interval `[min, max]` (NaN fails).
 *
 * @example
 * assertInRange('classBalancedWeights', 'beta', 1.2, 0, 1);
 * // throws CbLossError('invalid-argument'): classBalancedWeights: 'beta' must be in [0, 1]; got 1.2.
 */
export function assertInRange(fn: string, arg: string, value: unknown, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw invalidArgument(fn, arg, `be in [${min}, ${max}]`, value);
  }
}

/**
 * Checks that `value` is a finite number `>= min` (NaN and Infinity fail).
 *
 * @example
 * assertAtLeast('sigmoidFocalLoss', 'gamma', -1, 0);
 * // throws: sigmoidFocalLoss: 'gamma' must be a finite number >= 0; got -1.
 */
export function assertAtLeast(fn: string, arg: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw invalidArgument(fn, arg, `be a finite number >= ${min}`, value);
  }
}

/**
 * Checks that `value` is an integer `>= min` (a safe integer).
 *
 * @example
 * assertInteger('priorBias', 'numClasses', 1, 2); // throws: priorBias: 'numClasses' must be an integer >= 2; got 1.
 */
export function assertInteger(fn: string, arg: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalidArgument(fn, arg, `be an integer >= ${min}`, value);
  }
}

/**
 * Checks that `values` is a non-empty array-like of non-negative integers (class counts), naming the first
 * bad index.
 *
 * @example
 * assertIntegerCounts('effectiveNumbers', 'samplesPerClass', [3, -1]);
 * // throws CbLossError('invalid-argument'): effectiveNumbers: 'samplesPerClass[1]' must be a non-negative integer; got -1.
 */
export function assertIntegerCounts(fn: string, arg: string, values: ArrayLike<number>): void {
  assertArrayLike(fn, arg, values);
  if (values.length === 0) throw invalidArgument(fn, arg, 'be a non-empty list of counts', []);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw invalidArgument(fn, `${arg}[${i}]`, 'be a non-negative integer', v);
    }
  }
}

/**
 * Checks that `samplesPerClass` is a non-empty list of positive integers, for methods that read the counts
 * themselves (margins, priors), with `why` in the message of a zero count.
 *
 * @example
 * assertPositiveCounts('logPriors', [3, 0], 'log 0 is -Infinity');
 * // throws: logPriors: 'samplesPerClass[1]' must be > 0 (log 0 is -Infinity); got 0.
 */
export function assertPositiveCounts(fn: string, samplesPerClass: ArrayLike<number>, why: string): void {
  assertIntegerCounts(fn, 'samplesPerClass', samplesPerClass);
  for (let c = 0; c < samplesPerClass.length; c++) {
    if (samplesPerClass[c] === 0) throw invalidArgument(fn, `samplesPerClass[${c}]`, `be > 0 (${why})`, 0);
  }
}

/**
 * Checks that `values` is an array or typed array (has a numeric `length`).
 *
 * @example
 * assertArrayLike('top1Error', 'labels', 3); // throws: top1Error: 'labels' must be an array of numbers; got 3.
 */
export function assertArrayLike(fn: string, arg: string, values: unknown): asserts values is ArrayLike<number> {
  if (values === null || typeof values !== 'object' || typeof (values as { length?: unknown }).length !== 'number') {
    throw invalidArgument(fn, arg, 'be an array of numbers', values);
  }
}

/**
 * Checks that every entry of `values` is an integer in `[0, numClasses)` (class ids), naming the first bad index.
 *
 * @example
 * assertClassIds('confusionMatrix', 'labels', [0, 3], 3);
 * // throws: confusionMatrix: 'labels[1]' must be an integer class id in [0, 2]; got 3.
 */
export function assertClassIds(fn: string, arg: string, values: ArrayLike<number>, numClasses: number): void {
  assertArrayLike(fn, arg, values);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw invalidArgument(fn, `${arg}[${i}]`, `be an integer class id in [0, ${numClasses - 1}]`, v);
    }
  }
}

/**
 * Checks that two lengths agree; throws `CbLossError('shape-mismatch')` otherwise.
 *
 * @example
 * assertSameLength('top1Error', 'labels', 2, 'predictions', 1);
 * // throws: top1Error: 'labels' and 'predictions' must have the same length; got 2 and 1.
 */
export function assertSameLength(fn: string, argA: string, lengthA: number, argB: string, lengthB: number): void {
  if (lengthA !== lengthB) {
    throw new CbLossError(
      'shape-mismatch',
      `${fn}: '${argA}' and '${argB}' must have the same length; got ${lengthA} and ${lengthB}.`,
    );
  }
}

/**
 * Checks that `value` is one of `valid`; throws `CbLossError('unknown-name')` listing the valid ones otherwise.
 *
 * @example
 * assertOneOf('longTailCounts', 'profile', 'linear', ['exponential', 'step']);
 * // throws: longTailCounts: 'profile' must be one of 'exponential', 'step'; got 'linear'.
 */
export function assertOneOf<T extends string>(fn: string, arg: string, value: unknown, valid: readonly T[]): asserts value is T {
  if (typeof value !== 'string' || !(valid as readonly string[]).includes(value)) {
    throw new CbLossError(
      'unknown-name',
      `${fn}: '${arg}' must be one of ${valid.map((v) => `'${v}'`).join(', ')}; got ${formatValue(value)}.`,
    );
  }
}
