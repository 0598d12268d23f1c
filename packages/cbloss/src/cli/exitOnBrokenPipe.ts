import type { EventEmitter } from 'node:events';

/** Exit code of a process whose reader went away: 128 + SIGPIPE (13), what a shell shows for `yes | head -1`. */
export const EXIT_BROKEN_PIPE = 141;

/**
 * Makes the process leave quietly when the reader of its output goes away, as `cat`, `git` and `grep` do: an
 * `EPIPE` error on one of `streams` (by default stdout and stderr, e.g. `cbloss compare --help | head -5`) calls
 * `exit(141)` instead of crashing with Node's "Unhandled 'error' event" stack trace. Other stream errors are
 * rethrown, as they would be without a listener. `bin/cbloss.js` calls it once before `main`.
 *
 * @example
 * exitOnBrokenPipe(); // then: cbloss compare --help | head -5 prints 5 lines, no stack trace
 */
export function exitOnBrokenPipe(
  streams: readonly EventEmitter[] = [process.stdout, process.stderr],
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      exit(EXIT_BROKEN_PIPE);
    });
  }
}
