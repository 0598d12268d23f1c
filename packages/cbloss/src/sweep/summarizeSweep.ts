import { resolveMethod } from 'class-balanced-loss';
import type { RunResults, SweepCell, SweepResults } from '../types.js';
import { meanStd } from './meanStd.js';

/** A sweep cell with its results once it has run. */
export type SweepCellResult = SweepCell & { readonly results?: RunResults; readonly sameAs?: string };

/** One entry of the paper-style table: the chosen β and parameters of a row at one imbalance factor. */
export type SweepTableEntry = NonNullable<SweepResults['table'][number]['byImbalanceFactor'][string]>;

/** Which error chose β and the parameters: validation error when a validation split was carved out, else test error. */
export type SweepSelection = SweepResults['selection'];

/**
 * The table row of a cell: the method's registry label for the unweighted baselines (β = 0), `'CB <label>'` for the
 * class-balanced cells (β > 0), as in Table 2 of Cui et al. (arXiv:1901.05555).
 */
export function sweepRowName(cell: Pick<SweepCell, 'loss' | 'beta'>): string {
  const label = resolveMethod(cell.loss).label;
  return cell.beta === 0 ? label : `CB ${label}`;
}

/** The error a cell is ranked by; `undefined` when the cell has no such number (not run, or no validation split). */
export function selectionError(results: RunResults, selection: SweepSelection): number | undefined {
  return selection === 'validation' ? results.validationError : results.top1Error;
}

interface Setting {
  readonly beta: number;
  readonly parameters: Readonly<Record<string, number>>;
  readonly selectionErrors: number[];
  readonly testErrors: number[];
  /** Finished cells that reused their β = 0 twin's run (`sameAs`: all class weights 1). */
  reused: number;
}

function bestSetting(settings: Iterable<Setting>): Setting | undefined {
  let best: Setting | undefined;
  let bestError = Number.POSITIVE_INFINITY;
  for (const setting of settings) {
    if (setting.selectionErrors.length === 0) continue;
    const error = meanStd(setting.selectionErrors).mean;
    // Strictly lower wins, so ties keep the first setting in grid order (the smaller β, then the parameters).
    if (error < bestError) {
      best = setting;
      bestError = error;
    }
  }
  return best;
}

/**
 * Builds the paper-style table (Table 2 of arXiv:1901.05555) from the cells of a sweep: rows = the baselines
 * (`softmax`, `sigmoid`, `focal`, ..., β = 0) then their class-balanced versions (`CB softmax`, ..., β > 0), columns =
 * imbalance factors (keys `String(IF)`). For each row and IF, the setting (β and parameters) with the lowest mean selection
 * error over its seeds is chosen (`selection`: validation error, or test error when there is no validation
 * split); the entry is the mean top-1 test error of that setting over its seeds, with the sample standard
 * deviation when there are two or more seeds. An entry is `null` when none of its cells has results yet. A
 * class-balanced entry whose cells all reused their β = 0 run (`sameAs`: every class weight is 1, as at imbalance
 * factor 1) is marked `unweighted: true`: its β changed nothing.
 * Pure: no I/O.
 *
 * @example
 * summarizeSweep(cells, { selection: 'test' });
 * // [{ loss: 'softmax', byImbalanceFactor: { '100': { top1Error: 29.6, beta: 0, parameters: {}, seeds: 1 } } },
 * //  { loss: 'CB softmax', byImbalanceFactor: { '100': { top1Error: 27.1, beta: 0.9999, parameters: {}, seeds: 1 } } }]
 */
export function summarizeSweep(
  cells: readonly SweepCellResult[],
  options: { readonly selection: SweepSelection },
): SweepResults['table'] {
  const imbalanceFactors = [...new Set(cells.map((c) => c.imbalanceFactor))];
  const losses = [...new Set(cells.map((c) => c.loss))];
  const rowNames = [
    ...losses.filter((loss) => cells.some((c) => c.loss === loss && c.beta === 0)).map((loss) => sweepRowName({ loss, beta: 0 })),
    ...losses.filter((loss) => cells.some((c) => c.loss === loss && c.beta > 0)).map((loss) => sweepRowName({ loss, beta: 1 })),
  ];
  // row → IF → "beta/gamma" → setting
  const groups = new Map<string, Map<number, Map<string, Setting>>>();
  for (const cell of cells) {
    const byIf = groups.get(sweepRowName(cell)) ?? new Map<number, Map<string, Setting>>();
    groups.set(sweepRowName(cell), byIf);
    const settings = byIf.get(cell.imbalanceFactor) ?? new Map<string, Setting>();
    byIf.set(cell.imbalanceFactor, settings);
    const key = `${cell.beta}/${JSON.stringify(cell.parameters)}`;
    const setting = settings.get(key) ?? { beta: cell.beta, parameters: cell.parameters, selectionErrors: [], testErrors: [], reused: 0 };
    settings.set(key, setting);
    const error = cell.results === undefined ? undefined : selectionError(cell.results, options.selection);
    if (cell.results !== undefined && error !== undefined) {
      setting.selectionErrors.push(error);
      setting.testErrors.push(cell.results.top1Error);
      if (cell.sameAs !== undefined) setting.reused += 1;
    }
  }
  return rowNames.map((loss) => {
    const byImbalanceFactor: Record<string, SweepTableEntry | null> = {};
    for (const imbalanceFactor of imbalanceFactors) {
      const best = bestSetting(groups.get(loss)?.get(imbalanceFactor)?.values() ?? []);
      if (best === undefined) {
        byImbalanceFactor[String(imbalanceFactor)] = null;
        continue;
      }
      const { mean, std } = meanStd(best.testErrors);
      byImbalanceFactor[String(imbalanceFactor)] = {
        top1Error: mean,
        ...(std === undefined ? {} : { std }),
        beta: best.beta,
        parameters: best.parameters,
        seeds: best.testErrors.length,
        ...(best.beta > 0 && best.reused === best.testErrors.length ? { unweighted: true } : {}),
      };
    }
    return { loss, byImbalanceFactor };
  });
}
