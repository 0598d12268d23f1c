import { CblossError } from '../CblossError.js';

/**
 * Builds the `invalid-file` error of a reader, in the project's message format:
 * `fn: file 'PATH' must <rule>; got <value>.`
 *
 * @example
 * throw fileError('readIdx', '/data/train-labels-idx1-ubyte', 'start with 0x0000', '0x1f8b0800');
 * // readIdx: file '/data/train-labels-idx1-ubyte' must start with 0x0000; got 0x1f8b0800.
 */
export function fileError(fn: string, path: string, rule: string, got: string): CblossError {
  return new CblossError('invalid-file', `${fn}: file '${path}' must ${rule}; got ${got}.`);
}
