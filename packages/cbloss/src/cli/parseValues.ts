import { nearestName } from 'class-balanced-loss';
import { CblossError } from '../CblossError.js';

/**
 * Parsers for flag values. They check the FORM of a value (a number, a list of integers, one of some names);
 * ranges are checked by the module that owns the option (e.g. `resolveRunOptions`). Every failure is a
 * CblossError in the project format naming the command and the flag:
 * `train: '--epochs' must be a number; got 'ten'.`
 */

/** A finite number (`'0.9999'`, `'1e-4'`). */
export function parseNumber(command: string, flag: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new CblossError('invalid-argument', `${command}: '${flag}' must be a number; got '${text}'.`);
  }
  return value;
}

/** An integer (`'3'`; `'3.5'` is rejected). */
export function parseInteger(command: string, flag: string, text: string): number {
  const value = parseNumber(command, flag, text);
  if (!Number.isSafeInteger(value)) {
    throw new CblossError('invalid-argument', `${command}: '${flag}' must be an integer; got '${text}'.`);
  }
  return value;
}

function splitList(command: string, flag: string, text: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.length === 0 || items.some((item) => item === '')) {
    throw new CblossError(
      'invalid-argument',
      `${command}: '${flag}' must be a comma-separated list without empty items; got '${text}'.`,
    );
  }
  return items;
}

/** A comma-separated list of numbers (`'0,0.9,0.99'`). */
export function parseNumberList(command: string, flag: string, text: string): number[] {
  return splitList(command, flag, text).map((item) => parseNumber(command, flag, item));
}

/** A comma-separated list of integers (`'5000,2997,1796'`). */
export function parseIntegerList(command: string, flag: string, text: string): number[] {
  return splitList(command, flag, text).map((item) => parseInteger(command, flag, item));
}

/** A comma-separated list of names (`'softmax,focal'`), checked later by the owner of the names. */
export function parseNameList(command: string, flag: string, text: string): string[] {
  return splitList(command, flag, text);
}

/** One of `valid`; otherwise 'unknown-name' with the nearest valid value. */
export function parseChoice<T extends string>(command: string, flag: string, text: string, valid: readonly T[]): T {
  if ((valid as readonly string[]).includes(text)) return text as T;
  const nearest = nearestName(text, valid);
  const hint = nearest === undefined ? '' : ` (did you mean '${nearest}'?)`;
  throw new CblossError(
    'unknown-name',
    `${command}: '${flag}' must be one of ${valid.join(', ')}; got '${text}'${hint}.`,
  );
}
