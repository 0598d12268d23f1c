import { upgradeRunOptions } from '../run/upgradeRunOptions.js';
import { upgradeRunResults } from '../run/upgradeRunResults.js';
import type { SweepResults } from '../types.js';
import { CblossError } from '../CblossError.js';

/**
 * A `sweep.json` as today's {@link SweepResults}, whichever cbloss version wrote it. cbloss 0.1 recorded flat shared
 * options, cells with a focal `gamma` (0 for the other losses) and table entries with `gamma`: they become the nested
 * groups, `parameters` (`{ gamma }` for focal, `{}` otherwise) and nested run options in each cell's results.
 *
 * @param path - the file, named in errors.
 * @throws CblossError `invalid-file` naming the file when it is not a sweep.
 */
export function upgradeSweep(raw: unknown, path: string): SweepResults {
  if (raw === null || typeof raw !== 'object' || !Array.isArray((raw as Record<string, unknown>)['cells'])) {
    throw new CblossError('invalid-file', `'${path}' must hold a sweep (an object with 'cells', as cbloss sweep writes); got ${JSON.stringify(raw)?.slice(0, 60) ?? 'nothing'}.`);
  }
  const sweep = raw as Record<string, unknown> & { cells: Record<string, unknown>[]; table?: Record<string, unknown>[] };
  const parametersOf = (loss: unknown, entry: Record<string, unknown>): Record<string, unknown> =>
    (entry['parameters'] as Record<string, unknown> | undefined) ?? (loss === 'focal' && typeof entry['gamma'] === 'number' ? { gamma: entry['gamma'] } : {});
  const withoutGamma = ({ gamma: _gamma, ...rest }: Record<string, unknown>): Record<string, unknown> => rest;
  const base = (sweep['baseOptions'] ?? {}) as Record<string, unknown>;
  const flatBase = typeof base['dataset'] === 'string';
  let baseOptions = base;
  if (flatBase) {
    // 0.1: the shared options of every cell, flat; read them as one run's options and keep the shared groups.
    const nested = upgradeRunOptions({ ...base, loss: 'softmax', beta: 0 }) as Record<string, Record<string, unknown>>;
    const { imbalanceFactor: _if, ...data } = nested['data'] ?? {};
    baseOptions = { data, loss: {}, model: nested['model'], optimiser: nested['optimiser'], compute: nested['compute'] };
  }
  return {
    ...sweep,
    baseOptions,
    cells: sweep.cells.map((cell) => ({
      ...withoutGamma(cell),
      parameters: parametersOf(cell['loss'], cell),
      ...(cell['results'] === undefined ? {} : { results: upgradeRunResults(cell['results'], `${path} (cell ${String(cell['id'])})`) }),
    })),
    table: (sweep.table ?? []).map((row) => ({
      ...row,
      byImbalanceFactor: Object.fromEntries(
        Object.entries((row['byImbalanceFactor'] ?? {}) as Record<string, Record<string, unknown> | null>).map(([key, entry]) => [
          key,
          entry === null ? null : { ...withoutGamma(entry), parameters: parametersOf(String(row['loss']).replace(/^CB /, ''), entry) },
        ]),
      ),
    })),
  } as unknown as SweepResults;
}
