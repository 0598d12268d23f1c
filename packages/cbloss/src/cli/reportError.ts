import { CommanderError } from 'commander';
import { CbLossError } from 'class-balanced-loss';
import { TrainingInterruptedError } from '../train/TrainingInterruptedError.js';
import type { CliIo } from './CliIo.js';
import { CblossError } from '../CblossError.js';

/** Exit code of a usage error: a bad flag, a bad value, an unknown name. */
export const EXIT_USAGE = 2;
/** Exit code after Ctrl-C (128 + SIGINT): training stopped and saved a checkpoint. */
export const EXIT_INTERRUPTED = 130;
/** Exit code of any other failure (missing or corrupt file, unexpected error). */
export const EXIT_FAILURE = 1;

const USAGE_CODES: ReadonlySet<string> = new Set(['invalid-argument', 'unknown-name', 'shape-mismatch']);

/**
 * Prints an error the CLI caught and returns the process exit code:
 * - commander's own exits: `--help`/`--version` → 0 (already printed); a missing command → 2 (help printed);
 *   a bad flag or argument → one line `cbloss: <message>` → 2;
 * - TrainingInterruptedError (Ctrl-C) → its message (where the checkpoint is, how to resume) → 130;
 * - CblossError (cbloss's own conditions) and CbLossError (what the loss library reports) → one line
 *   `cbloss: <message>` (no stack trace): 2 for usage errors ('invalid-argument', 'unknown-name', 'shape-mismatch'),
 *   1 for files ('not-found', 'invalid-file');
 * - anything else is a bug: the stack trace, exit 1.
 */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof TrainingInterruptedError) {
    io.stderr(`cbloss: ${error.message}\n`);
    return EXIT_INTERRUPTED;
  }
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return EXIT_USAGE;
    const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
    io.stderr(`cbloss: ${message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof CblossError || error instanceof CbLossError) {
    io.stderr(`cbloss: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return USAGE_CODES.has(error.code) ? EXIT_USAGE : EXIT_FAILURE;
  }
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  io.stderr(`cbloss: unexpected error (please report it):\n${text}\n`);
  return EXIT_FAILURE;
}
