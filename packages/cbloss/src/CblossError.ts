/**
 * Stable error codes of cbloss, so that callers can branch without parsing messages.
 * - `invalid-argument`: a value breaks a rule (range, integrality, type, a run directory in the wrong state).
 * - `shape-mismatch`: arrays, tensors or datasets disagree in shape or number of classes.
 * - `invalid-file`: a file is truncated, has a wrong magic number, bad fields or inconsistent sizes.
 * - `not-found`: a file, directory, dataset, run or optional package is missing.
 * - `unknown-name`: a name (dataset, backend, method, ...) is not one of the valid ones.
 */
export const CBLOSS_ERROR_CODES = ['invalid-argument', 'shape-mismatch', 'invalid-file', 'not-found', 'unknown-name'] as const;

/** One of {@link CBLOSS_ERROR_CODES}. */
export type CblossErrorCode = (typeof CBLOSS_ERROR_CODES)[number];

/**
 * The error class of cbloss: its datasets and files, run and sweep directories, reports and backends. What the
 * loss library reports from inside a run stays a `CbLossError` of `class-balanced-loss` (same codes, same
 * message format); the CLI prints both as one line, without a stack trace. Messages read
 * `fn: 'arg' must <rule>; got <value>.`, files are named in the message.
 *
 * @example
 * try { await loadDataset('cifar-10'); } catch (e) {
 *   if (e instanceof CblossError && e.code === 'unknown-name') console.log(e.message);
 *   // loadDataset: 'spec' must be one of fashion-mnist, ... (did you mean 'cifar10'?); got 'cifar-10'.
 * }
 */
export class CblossError extends Error {
  override readonly name = 'CblossError';
  constructor(
    readonly code: CblossErrorCode,
    message: string,
  ) {
    super(message);
  }
}
