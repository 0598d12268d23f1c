import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from 'cbloss-plots/renderSvg.js';

const latest = new Map<string, number>();

/**
 * Draws a vega-lite spec (one of `cbloss report`'s plot specifications) as SVG into an element, with the
 * reports' look. When called again for the same element before the first render finished, only the last
 * call draws (live plots during training).
 *
 * @example
 * await showPlot(byId('counts-plot'), classCountsSpec([500, 50, 5], ['a', 'b', 'c']));
 */
export async function showPlot(element: HTMLElement, spec: TopLevelSpec): Promise<void> {
  const ticket = (latest.get(element.id) ?? 0) + 1;
  latest.set(element.id, ticket);
  const svg = await renderSvg(spec, element.id);
  if (latest.get(element.id) === ticket) element.innerHTML = svg; // vega escapes the text it writes
}
