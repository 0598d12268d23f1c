import { LibtorchBackendError, type LibtorchErrorCode } from '../LibtorchBackendError.js';

/** Who failed: the function the user called, this process's rank, the group's size and timeout. */
export interface CollectiveContext {
  readonly fn: string;
  readonly rank: number;
  readonly worldSize: number;
  readonly timeoutMs: number;
  /** Appended to "waiting for the other ranks", e.g. ` at 127.0.0.1:29500` for a rendezvous. */
  readonly where?: string;
}

// Gloo's and c10d's wordings (gloo/transport/tcp/pair.cc, c10d/TCPStore.cpp, socket.cpp in libtorch 1.13).
const TIMEOUT = /timed out|timeout/i;
const CONNECTION_LOST = /closed by peer|connection reset|reset by peer|broken pipe|ECONNRESET|EPIPE|connection refused|socket closed/i;

/**
 * Turns a failure of the native process group into a {@link LibtorchBackendError} that names the operation, this
 * rank and what happened; the native text follows in parentheses.
 * - a timeout: code `timeout`,
 *   `allreduce: rank 1 of 2 timed out after 30000 ms waiting for the other ranks (…).`
 * - a closed or reset connection: code `connection-lost`, naming the peer when there is only one,
 *   `allreduce: rank 0 of 2 lost its connection to rank 1, which exited or was killed (…).`
 *   (Gloo reports the peer's socket address, not its rank: with more ranks the message says "another rank".)
 * - anything else: code `collective-failed`, `barrier: rank 0 of 2 failed (…).`
 * @example collectiveError({ fn: 'allreduce', rank: 1, worldSize: 2, timeoutMs: 30000 }, new Error('libtorch: Timed out waiting 30000ms for recv operation to complete'))
 */
export function collectiveError(context: CollectiveContext, error: unknown): LibtorchBackendError {
  const text = error instanceof Error ? error.message : String(error);
  const detail = text.replace(/^libtorch: /, '').trim();
  const who = `${context.fn}: rank ${context.rank} of ${context.worldSize}`;
  let code: LibtorchErrorCode;
  let what: string;
  if (TIMEOUT.test(detail)) {
    code = 'timeout';
    what = `timed out after ${context.timeoutMs} ms waiting for the other ranks${context.where ?? ''}`;
  } else if (CONNECTION_LOST.test(detail)) {
    code = 'connection-lost';
    const peer = context.worldSize === 2 ? `rank ${1 - context.rank}` : 'another rank';
    what = `lost its connection to ${peer}, which exited or was killed`;
  } else {
    code = 'collective-failed';
    what = 'failed';
  }
  return new LibtorchBackendError(code, `${who} ${what} (${detail}).`);
}
