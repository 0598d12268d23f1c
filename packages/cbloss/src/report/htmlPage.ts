import { escapeHtml } from './escapeHtml.js';
import type { ReportPlot } from './runReportPlots.js';

/**
 * Wraps report sections in a complete, self-contained HTML page: inline CSS, no scripts, no external URL
 * (fonts are the system's), so that the file can be mailed or opened offline. `body` is trusted HTML built
 * from escaped parts; `title` is escaped here. `refreshSeconds` makes the browser reload the page that often (the
 * live report of a run in progress).
 *
 * @example
 * htmlPage('Run report', '<p>hello</p>'); // '<!DOCTYPE html>\n<html lang="en">...'
 */
export function htmlPage(title: string, body: string, options: { readonly refreshSeconds?: number } = {}): string {
  const refresh = options.refreshSeconds === undefined ? '' : `\n<meta http-equiv="refresh" content="${Math.max(1, Math.round(options.refreshSeconds))}">`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/**
 * A plot as an HTML `<figure>`: its title as a heading, the SVG inline (its `xmlns` attributes dropped, which
 * HTML does not need), and its caption. `data-plot` carries the plot id for tests and styling.
 */
export function plotFigure(plot: ReportPlot): string {
  const svg = plot.svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '');
  return `<figure class="plot" data-plot="${escapeHtml(plot.id)}">
<h3>${escapeHtml(plot.title)}</h3>
<div class="svg">${svg}</div>
<figcaption>${escapeHtml(plot.caption)}</figcaption>
</figure>`;
}

/** A `<dl>` of label/value pairs (both escaped), for report headers. */
export function definitionList(entries: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

const PAGE_CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1d2430; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; min-height: 100vh; box-sizing: border-box; }
h1 { font-size: 26px; margin: 8px 0 16px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #e3e6eb; }
h3 { font-size: 16px; margin: 0 0 8px; }
p.note { color: #556; font-size: 13px; margin: 6px 0 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 20px; margin: 0; }
dl.facts dt { color: #556; }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { padding: 5px 12px; border-bottom: 1px solid #e3e6eb; text-align: left; vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #fafbfc; }
.scroll { overflow-x: auto; }
figure.plot { margin: 28px 0; }
figure.plot .svg { overflow-x: auto; }
figure.plot svg { display: block; max-width: none; }
figcaption { color: #556; font-size: 13px; margin-top: 6px; max-width: 820px; }
.grid { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start; }
.grid figure.plot { margin: 12px 0; max-width: 520px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: #2a5db0; }
pre { background: #f6f7f9; padding: 10px 12px; overflow-x: auto; font-size: 12.5px; }
footer { margin-top: 40px; color: #778; font-size: 12.5px; }
a { color: #2a5db0; }
`;
