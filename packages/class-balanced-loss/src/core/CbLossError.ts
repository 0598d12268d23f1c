/**
 * Stable error codes, so that callers can branch without parsing messages.
 * - `invalid-argument`: a value breaks a rule (range, integrality, type).
 * - `shape-mismatch`: tensor or array shapes disagree.
 * - `invalid-file`: a file is truncated, has a wrong magic number or inconsistent sizes.
 * - `not-found`: a file, directory or dataset is missing.
 * - `unknown-name`: a name (loss, model, dataset, ...) is not one of the valid ones.
 */
export type CbLossErrorCode = 'invalid-argument' | 'shape-mismatch' | 'invalid-file' | 'not-found' | 'unknown-name';

/**
 * The one error class of the project. Messages follow `fn: 'arg' must <rule>; got <value>.`
 *
 * @example
 * try { classBalancedWeights([10, 5], 1.2); } catch (e) {
 *   if (e instanceof CbLossError && e.code === 'invalid-argument') console.log(e.message);
 *   // classBalancedWeights: 'beta' must be in [0, 1]; got 1.2.
 * }
 */
export class CbLossError extends Error {
  override readonly name = 'CbLossError';
  constructor(
    readonly code: CbLossErrorCode,
    message: string,
  ) {
    super(message);
  }
}
