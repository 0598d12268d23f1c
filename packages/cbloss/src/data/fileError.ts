import { CbLossError } from 'class-balanced-loss';

/**
 * Builds the `invalid-file` error of a reader, in the project's message format:
 * `fn: file 'PATH' must <rule>; got <value>.`
 *
 * @example
 * throw fileError('readIdx', '/data/train-labels-idx1-ubyte', 'start with 0x0000', '0x1f8b0800');
 * // readIdx: file '/data/train-labels-idx1-ubyte' must start with 0x0000; got 0x1f8b0800.
 */
export function fileError(fn: string, path: string, rule: string, got: string): CbLossError {
  return new CbLossError('invalid-file', `${fn}: file '${path}' must ${rule}; got ${got}.`);
}
