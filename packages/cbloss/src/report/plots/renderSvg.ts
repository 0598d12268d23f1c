import type { TopLevelSpec } from 'vega-lite';
import { addSvgTitles } from './addSvgTitles.js';
import { scopeSvgIds } from './scopeSvgIds.js';

/** The look shared by every plot of the reports (fonts, sizes, palette). */
export const PLOT_CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13, fontWeight: 'normal', anchor: 'start' },
  range: { category: { scheme: 'tableau10' } },
} as const;

/**
 * Compiles a vega-lite spec and renders it headless to an SVG string (vega `View` with renderer `'none'`),
 * with the shared {@link PLOT_CONFIG}. Data must be inline (`data.values`): nothing is fetched. Text in the
 * SVG (labels, titles) is escaped by vega. Element ids (gradients, clip paths) are renamed to
 * `<idPrefix>-1`, `<idPrefix>-2`, ... so that the output is deterministic and several SVGs can share a page. Each
 * point, bar and cell gets a `<title>` with its values, shown on hover ({@link addSvgTitles}).
 *
 * @example
 * const svg = await renderSvg({ data: { values: [{ x: 'a', y: 1 }] }, mark: 'bar',
 *   encoding: { x: { field: 'x', type: 'nominal' }, y: { field: 'y', type: 'quantitative' } } });
 * svg.startsWith('<svg'); // true
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix = 'plot'): Promise<string> {
  // Imported when first needed: vega and vega-lite are ES modules only (with top-level await), which the
  // CommonJS build of cbloss can load with import() but not with require().
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const withConfig = { ...spec, config: { ...PLOT_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const view = new View(parse(compile(withConfig).spec), { renderer: 'none' });
  try {
    return addSvgTitles(scopeSvgIds(await view.toSVG(), idPrefix));
  } finally {
    view.finalize();
  }
}
