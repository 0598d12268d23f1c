import type { RunResults } from '../types.js';
import { upgradeRunOptions } from './upgradeRunOptions.js';
import { CblossError } from '../CblossError.js';

/**
 * A `results.json` as today's {@link RunResults}, whichever cbloss version wrote it (0.1 recorded flat options; see
 * {@link upgradeRunOptions}). Checks that it is an object with a nested `options`; the fields a reader needs are
 * checked by that reader.
 *
 * @param path - the file, named in errors.
 * @throws CblossError `invalid-file` naming the file when it is not a results object.
 * @example
 * upgradeRunResults(JSON.parse(readFileSync(path, 'utf8')), path).options.loss.method; // 'focal'
 */
export function upgradeRunResults(raw: unknown, path: string): RunResults {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CblossError('invalid-file', `'${path}' must hold a results object (as cbloss train writes); got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}.`);
  }
  const record = raw as Record<string, unknown>;
  const options = upgradeRunOptions(record['options']);
  if (options === null || typeof options !== 'object' || typeof (options as Record<string, unknown>)['loss'] !== 'object') {
    throw new CblossError('invalid-file', `'${path}' must have an 'options' object (the run's options); got ${JSON.stringify(record['options']) ?? 'nothing'}.`);
  }
  return { ...record, options } as unknown as RunResults;
}
