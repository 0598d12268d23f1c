/** The element with this id; throws if the page lacks it (a bug of index.html, not of the user). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`byId: '${id}' must be an element of the page; got none.`);
  return element as T;
}

/** A table cell: its text and, for numbers, the exact value (kept in `data-value` for scripts and tests). */
export interface Cell {
  readonly text: string;
  readonly value?: number | null;
}

/** A cell of text. */
export const text = (value: string): Cell => ({ text: value });

/** A cell of a number with `digits` decimals (`—` for null), the full value in `data-value`. */
export const num = (value: number | null, digits: number): Cell => ({ text: value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits), value });

/**
 * Replaces a table's content with a header row and body rows (text content only: names from the user's
 * files are never parsed as HTML).
 *
 * @example
 * renderTable(byId('weights-table'), ['class', 'weight'], [[text('cat'), num(0.5, 4)]]);
 */
export function renderTable(table: HTMLElement, headers: readonly string[], rows: readonly (readonly Cell[])[]): void {
  const head = document.createElement('thead');
  const headRow = head.insertRow();
  for (const header of headers) {
    const th = document.createElement('th');
    th.textContent = header;
    headRow.append(th);
  }
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) {
      const td = tr.insertCell();
      td.textContent = cell.text;
      if (cell.value !== undefined) td.dataset['value'] = String(cell.value);
    }
  }
  table.replaceChildren(head, body);
}

/** Starts a download of `content` as a file named `name`. */
export function download(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
