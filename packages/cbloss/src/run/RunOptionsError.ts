import { formatValue } from 'class-balanced-loss';
import { CblossError } from '../CblossError.js';

/**
 * A run option that breaks its rule, named by its path in {@link RunOptions} (e.g. `'optimiser.epochs'`,
 * `'loss.parameters.gamma'`), so that each caller can name it in its own terms: code sees the path, the CLI
 * translates it to the flag the user typed (`'--epochs'`, `'--gamma'`). A function the run layer calls with a run
 * option (a dataset loader's `'dataDir'`) throws it under its argument's name; the run layer renames it to the
 * option's path ({@link inOptionTerms}).
 *
 * @example
 * new RunOptionsError('resolveRunOptions', 'optimiser.epochs', 'be a positive integer', 0).message;
 * // "resolveRunOptions: 'optimiser.epochs' must be a positive integer; got 0."
 */
export class RunOptionsError extends CblossError {
  declare readonly code: 'invalid-argument' | 'unknown-name' | 'not-found';
  constructor(
    readonly caller: string,
    readonly path: string,
    readonly rule: string,
    readonly value: unknown,
    code: 'invalid-argument' | 'unknown-name' | 'not-found' = 'invalid-argument',
    readonly hint = '',
  ) {
    super(code, `${caller}: '${path}' must ${rule}; got ${formatValue(value)}${hint}.`);
  }
}
