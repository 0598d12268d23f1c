import type { SweepResults } from '../types.js';
import { formatMeanStd, formatParameter, MISSING } from './formatNumbers.js';
import { markdownTable } from './markdownTable.js';
import { chosenParameters, sweepColumns } from './sweepColumns.js';

/**
 * A sweep in the layout of Table 2 of arXiv:1901.05555, as markdown for the terminal: rows = losses,
 * columns = imbalance factors (largest first), cells = top-1 error in percent of the best setting
 * (`mean ± std` when several seeds) with the chosen β/γ in parentheses. A note under the table says which
 * split chose β/γ and how many seeds were averaged.
 *
 * @example
 * console.log(formatSweepTable(sweep));
 * // | Loss     | IF 100                  | IF 10        |
 * // | :------- | ----------------------: | -----------: |
 * // | softmax  |                   38.32 |        13.61 |
 * // | CB focal | 25.43 ± 0.30 (β=0.999, γ=1) | ...
 * //
 * // Top-1 error (%) on the test set; β/γ chosen on the validation split; mean ± std over 3 seeds.
 */
export function formatSweepTable(sweep: SweepResults): string {
  const factors = sweepColumns(sweep);
  const columns = [{ header: 'Loss' }, ...factors.map((f) => ({ header: `IF ${f}`, align: 'right' as const }))];
  const rows = sweep.table.map((row) => [
    row.loss,
    ...factors.map((f) => {
      const entry = row.byImbalanceFactor[f];
      if (entry === null || entry === undefined) return MISSING;
      const parameters = chosenParameters(row.loss, entry, formatParameter);
      const error = formatMeanStd(entry.top1Error, entry.seeds > 1 ? entry.std : undefined);
      return parameters === '' ? error : `${error} (${parameters})`;
    }),
  ]);
  return `${markdownTable(columns, rows)}\n\n${sweepNote(sweep)}`;
}

/** The caption of a sweep table: what the numbers are and how the settings were chosen. */
export function sweepNote(sweep: SweepResults): string {
  const seeds = Math.max(1, ...sweep.table.flatMap((row) => Object.values(row.byImbalanceFactor).map((e) => e?.seeds ?? 1)));
  const spread = seeds > 1 ? `; mean ± std over ${seeds} seeds` : '; one seed';
  return `Top-1 error (%) on the test set; β/γ chosen on the ${sweep.selection} split${spread}.`;
}
