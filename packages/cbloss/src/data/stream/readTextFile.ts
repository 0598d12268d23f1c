import { CblossError } from '../../CblossError.js';
import { fileError } from '../fileError.js';
import { readBytes } from '../readBytes.js';

/**
 * Reads a UTF-8 text file (gzip-compressed or not, see `readBytes`); a missing file is `not-found` naming it.
 *
 * @example
 * readTextFile('readListIndex', 'ImageNet_LT_train.txt').split('\n')[0]; // 'train/n01440764/n01440764_190.JPEG 0'
 */
export function readTextFile(fn: string, path: string): string {
  return new TextDecoder('utf-8').decode(readBytes(fn, path));
}

/**
 * Reads and parses a JSON file; invalid JSON is `invalid-file` naming the file and the parser's message.
 *
 * @example
 * readJsonFile('readInatIndex', 'train2018.json'); // { images: [...], annotations: [...], categories: [...] }
 */
export function readJsonFile(fn: string, path: string): unknown {
  const text = readTextFile(fn, path);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw fileError(fn, path, 'be valid JSON', `'${(e as Error).message}'`);
  }
}

/** `invalid-file` for a file whose content breaks a rule at a given line (1-based). */
export function lineError(fn: string, path: string, line: number, rule: string, got: string): CblossError {
  return new CblossError('invalid-file', `${fn}: line ${line} of '${path}' must ${rule}; got ${got}.`);
}
