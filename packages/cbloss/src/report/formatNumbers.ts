/**
 * Number formatting shared by the text tables and the HTML reports, so both print the same digits.
 */

/** Placeholder printed for a missing value (an empty shot group, a class without test samples). */
export const MISSING = '—';

/**
 * A percentage with a fixed number of decimals (2 by default), or {@link MISSING} for `null`/`undefined`
 * and non-finite values.
 *
 * @example
 * formatPercent(12.3456); // '12.35'
 * formatPercent(null);    // '—'
 */
export function formatPercent(value: number | null | undefined, decimals = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? MISSING : value.toFixed(decimals);
}

/**
 * A hyper-parameter such as β or γ, with at most 6 significant digits and no trailing zeros.
 *
 * @example
 * formatParameter(0.9999);           // '0.9999'
 * formatParameter(0.1 + 0.2);        // '0.3'
 * formatParameter(undefined);        // '—'
 */
export function formatParameter(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? MISSING : String(Number(value.toPrecision(6)));
}

/**
 * `mean ± std` with the same decimals on both, or just `mean` when there is no spread to report.
 *
 * @example
 * formatMeanStd(28.3, 0.412); // '28.30 ± 0.41'
 * formatMeanStd(28.3);        // '28.30'
 */
export function formatMeanStd(mean: number, std?: number, decimals = 2): string {
  return std === undefined || !Number.isFinite(std) ? formatPercent(mean, decimals) : `${formatPercent(mean, decimals)} ± ${std.toFixed(decimals)}`;
}
