/** How a column's cells line up: text to the left, numbers to the right. */
export type ColumnAlign = 'left' | 'right';

/** One column of a {@link markdownTable}. */
export interface MarkdownColumn {
  readonly header: string;
  readonly align?: ColumnAlign; // default 'left'
}

/**
 * Renders rows as a GitHub-flavoured markdown table whose columns are padded to a common width, so that it
 * also reads well as plain text in a terminal. `|` inside a cell is escaped as `\|`; newlines become spaces.
 *
 * @example
 * markdownTable([{ header: 'Loss' }, { header: 'Error', align: 'right' }], [['softmax', '28.30']]);
 * // | Loss    | Error |
 * // | :------ | ----: |
 * // | softmax | 28.30 |
 */
export function markdownTable(columns: readonly MarkdownColumn[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => columns.map((_, j) => cleanCell(row[j] ?? '')));
  const headers = columns.map((c) => cleanCell(c.header));
  const widths = columns.map((_, j) => Math.max(3, textWidth(headers[j] ?? ''), ...cells.map((row) => textWidth(row[j] ?? ''))));
  const line = (values: readonly string[]): string =>
    `| ${values.map((v, j) => pad(v, widths[j] ?? 3, columns[j]?.align ?? 'left')).join(' | ')} |`;
  const rule = `| ${columns.map((c, j) => alignmentRule(widths[j] ?? 3, c.align ?? 'left')).join(' | ')} |`;
  return [line(headers), rule, ...cells.map(line)].join('\n');
}

function cleanCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function alignmentRule(width: number, align: ColumnAlign): string {
  return align === 'right' ? `${'-'.repeat(width - 1)}:` : `:${'-'.repeat(width - 1)}`;
}

function pad(text: string, width: number, align: ColumnAlign): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Width in terminal columns, counting each code point once (β, γ, ± are one column wide). */
function textWidth(text: string): number {
  return [...text].length;
}
