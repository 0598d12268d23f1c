/**
 * Stable error codes of tfjs-backend-libtorch, so that callers can branch without parsing messages.
 * - `invalid-argument`: a value breaks a rule (range, integrality, type).
 * - `shape-mismatch`: tensor shapes disagree.
 * - `not-found`: something required is missing (the native addon, a registered kernel or backend).
 * - `unknown-name`: a name is not one of the valid ones.
 * - `invalid-state`: the object cannot do this any more (a destroyed or failed process group).
 * - `timeout`: the other ranks of a process group did not arrive within its timeout.
 * - `connection-lost`: a rank lost its connection to another (that process exited or was killed).
 * - `collective-failed`: any other failure of a rendezvous or collective operation.
 */
export const LIBTORCH_ERROR_CODES = [
  'invalid-argument',
  'shape-mismatch',
  'not-found',
  'unknown-name',
  'invalid-state',
  'timeout',
  'connection-lost',
  'collective-failed',
] as const;

/** One of {@link LIBTORCH_ERROR_CODES}. */
export type LibtorchErrorCode = (typeof LIBTORCH_ERROR_CODES)[number];

/**
 * The error class of tfjs-backend-libtorch. Argument errors read `fn: 'arg' must <rule>; got <value>.`
 *
 * @example
 * try { setThreads(0); } catch (e) {
 *   if (e instanceof LibtorchBackendError && e.code === 'invalid-argument') console.log(e.message);
 *   // setThreads: 'n' must be a positive integer; got 0.
 * }
 */
export class LibtorchBackendError extends Error {
  override readonly name = 'LibtorchBackendError';
  constructor(
    readonly code: LibtorchErrorCode,
    message: string,
  ) {
    super(message);
  }
}
