import { type CliIo, processIo } from './CliIo.js';
import { createProgram, type CliContext } from './createProgram.js';
import { reportError } from './reportError.js';

/**
 * Runs the `cbloss` command line (`argv` without `node` and the script path) and returns the exit code:
 * 0 on success, 2 for usage errors (bad flag, bad value, unknown name: one line on stderr), 1 for missing or
 * corrupt files (one line) and unexpected errors (stack trace), 130 when interrupted with Ctrl-C (a checkpoint
 * is saved; rerun with `--resume`). `bin/cbloss.js` calls it (after {@link exitOnBrokenPipe}: exit 141, quietly, when
 * the reader of the output goes away); tests call it in-process with their own `io`.
 *
 * @example
 * const code = await main(['weights', '--counts', '100,10', '--beta', '0.99']); // prints the table, returns 0
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const context: CliContext = { io, exitCode: 0, argv };
  try {
    await createProgram(context).parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}
