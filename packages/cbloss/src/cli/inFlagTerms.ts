import { formatValue } from 'class-balanced-loss';
import { RunOptionsError } from '../run/RunOptionsError.js';
import { runFlagTable } from './runFlags.js';
import { CblossError } from '../CblossError.js';

/**
 * Runs `body` and re-phrases a {@link RunOptionsError} (which names an option path such as `'optimiser.epochs'`) in
 * the terms the user typed: the command and the flag (`train: '--epochs' must be a positive integer; got 0.`). Option
 * paths inside the rule are translated too. `extraFlags` maps paths that a command sets from flags of its own (e.g.
 * `sweep`'s `--losses` for `loss.method`).
 *
 * @example
 * await inFlagTerms('train', () => runExperiment(resolveRunOptions(input)));
 */
export async function inFlagTerms<T>(command: string, body: () => T | Promise<T>, extraFlags: Readonly<Record<string, string>> = {}): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof RunOptionsError)) throw error;
    const flags: Record<string, string> = { ...Object.fromEntries(runFlagTable().map((f) => [f.path, f.flag])), ...extraFlags };
    const name = (path: string): string => flags[path] ?? path;
    const rule = error.rule.replace(/'([a-zA-Z.]+)'/g, (whole, path: string) => (flags[path] ? `'${flags[path]}'` : whole));
    throw new CblossError(error.code, `${command}: '${name(error.path)}' must ${rule}; got ${formatValue(error.value)}${error.hint}.`);
  }
}
