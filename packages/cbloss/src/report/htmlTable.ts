import { escapeHtml } from './escapeHtml.js';

/** A cell of {@link htmlTable}: plain text (escaped) or an already-safe HTML fragment. */
export type HtmlCell = string | { readonly html: string };

/** One column of {@link htmlTable}. */
export interface HtmlColumn {
  readonly header: string;
  /** Numbers are right-aligned with tabular digits. */
  readonly numeric?: boolean;
}

/**
 * Renders an HTML `<table>`: text cells and headers are escaped, `{ html }` cells are inserted as they are
 * (the caller builds them from escaped parts, e.g. links). Row headers are not used.
 *
 * @example
 * htmlTable([{ header: 'Loss' }, { header: 'Error %', numeric: true }], [['<softmax>', '28.30']]);
 * // '<table><thead><tr><th>Loss</th><th class="num">Error %</th></tr></thead><tbody>
 * //  <tr><td>&lt;softmax&gt;</td><td class="num">28.30</td></tr></tbody></table>' (on one line)
 */
export function htmlTable(columns: readonly HtmlColumn[], rows: readonly (readonly HtmlCell[])[], className?: string): string {
  const cls = (numeric: boolean | undefined): string => (numeric ? ' class="num"' : '');
  const head = columns.map((c) => `<th${cls(c.numeric)}>${escapeHtml(c.header)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((c, j) => `<td${cls(c.numeric)}>${cellHtml(row[j] ?? '')}</td>`).join('')}</tr>`)
    .join('\n');
  const tableClass = className === undefined ? '' : ` class="${escapeHtml(className)}"`;
  return `<table${tableClass}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function cellHtml(cell: HtmlCell): string {
  return typeof cell === 'string' ? escapeHtml(cell) : cell.html;
}
