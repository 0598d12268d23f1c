import { formatMeanStd, formatParameter, formatPercent } from '../report/formatNumbers.js';
import { markdownTable } from '../report/markdownTable.js';
import { parameterText } from '../report/parameterText.js';
import type { CandidateSettings } from './comparisonEntries.js';
import type { ComparisonResults } from './runComparison.js';

/** A candidate's settings as printed: `'β=0.9999, γ=1, DRW@8'`, `'sampler class-balanced'`, `'cRT 1 epoch'`. */
export function candidateText(settings: CandidateSettings): string {
  const { loss = {}, model = {}, data = {} } = settings;
  return [
    ...(loss.beta !== undefined && loss.beta > 0 ? [`β=${formatParameter(loss.beta)}`] : []),
    ...parameterText(loss.parameters ?? {}),
    ...(loss.drwEpoch !== undefined ? [`DRW@${loss.drwEpoch}`] : []),
    ...(loss.posthocTau !== undefined ? [`post-hoc τ=${formatParameter(loss.posthocTau)}`] : []),
    ...(data.sampler !== undefined ? [`sampler ${data.sampler}`] : []),
    ...(model.crtEpochs !== undefined ? [`cRT ${model.crtEpochs} epoch${model.crtEpochs === 1 ? '' : 's'}`] : []),
    ...(model.tauNorm !== undefined ? [`τ-norm ${formatParameter(model.tauNorm)}`] : []),
  ].join(', ');
}

/**
 * The comparison as a markdown table: one row per method at its chosen setting, with top-1 error (mean ± std over
 * seeds) and many/medium/few-shot accuracy, and a note saying how the settings were chosen.
 *
 * @example
 * console.log(formatComparisonTable(comparison));
 * // | Method     | Setting          | Top-1 error % | Many % | Medium % | Few % |
 * // | softmax    |                  |  15.63 ± 0.40 |  ...
 */
export function formatComparisonTable(comparison: ComparisonResults): string {
  const columns = [
    { header: 'Method' },
    { header: 'Chosen setting' },
    { header: 'Top-1 error %', align: 'right' as const },
    { header: 'Many %', align: 'right' as const },
    { header: 'Medium %', align: 'right' as const },
    { header: 'Few %', align: 'right' as const },
  ];
  const rows = comparison.rows.map((row) => [
    row.name,
    row.chosen === undefined ? 'not run' : candidateText(row.chosen.settings),
    row.top1Error === undefined ? formatPercent(undefined) : formatMeanStd(row.top1Error.mean, row.seeds > 1 ? row.top1Error.std : undefined),
    formatPercent(row.shotAccuracy?.many),
    formatPercent(row.shotAccuracy?.medium),
    formatPercent(row.shotAccuracy?.few),
  ]);
  const seeds = Math.max(0, ...comparison.rows.map((r) => r.seeds));
  const chosen = comparison.selection === 'validation' ? 'the class-balanced error on the validation split' : 'the test error (no validation split: optimistic)';
  return `${markdownTable(columns, rows)}\n\nTop-1 error on the balanced test set; each method's setting chosen on ${chosen}; ${seeds > 1 ? `mean ± std over ${seeds} seeds` : 'one seed'}.`;
}
