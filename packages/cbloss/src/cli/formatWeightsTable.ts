/**
 * The table printed by `cbloss weights`: one row per class with its sample count n, effective number
 * E_n = (1 − βⁿ)/(1 − β) and class-balanced weight (∝ 1/E_n, normalised to sum to the number of classes), then a
 * `sum` row. Markdown, right-aligned numbers; E_n with 2 decimals, weights with 4. Pure.
 *
 * @example
 * formatWeightsTable([100, 10], [63.40, 9.96], [0.271, 1.729]);
 * // | class |   n |   E_n | weight |
 * // |------:|----:|------:|-------:|
 * // |     0 | 100 | 63.40 | 0.2710 |
 * // |     1 |  10 |  9.96 | 1.7290 |
 * // |   sum | 110 |       | 2.0000 |
 */
export function formatWeightsTable(
  samplesPerClass: readonly number[],
  effectiveNumbers: readonly number[],
  weights: readonly number[],
): string {
  const rows = samplesPerClass.map((n, c) => [
    String(c),
    String(n),
    (effectiveNumbers[c] ?? Number.NaN).toFixed(2),
    (weights[c] ?? Number.NaN).toFixed(4),
  ]);
  const total = samplesPerClass.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  rows.push(['sum', String(total), '', weightSum.toFixed(4)]);
  const header = ['class', 'n', 'E_n', 'weight'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => (row[j] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, j) => cell.padStart(widths[j] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => `${'-'.repeat(w + 1)}:`).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
