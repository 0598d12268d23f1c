/**
 * Renames the `id`s of an SVG document (vega's gradients and clip paths) to `<prefix>-1`, `<prefix>-2`, ...
 * in order of appearance, and rewrites the references to them (`url(#id)`, `href="#id"`). Vega numbers
 * them with a process-wide counter, so without this two renders of the same data differ, and two SVGs
 * inlined in one page could clash. `prefix` should be unique on the page (the plot id).
 *
 * @example
 * scopeSvgIds('<svg><linearGradient id="gradient_7"/><path fill="url(#gradient_7)"/></svg>', 'confusion-1');
 * // '<svg><linearGradient id="confusion-1-1"/><path fill="url(#confusion-1-1)"/></svg>'
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1] ?? '';
    if (!renamed.has(id)) renamed.set(id, `${prefix}-${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (all, open: string, id: string, close: string) => `${open}${renamed.get(id) ?? id}${close}`)
    .replace(/url\(#([^)]+)\)/g, (all, id: string) => (renamed.has(id) ? `url(#${renamed.get(id)})` : all))
    .replace(/(href=")#([^"]+)(")/g, (all, open: string, id: string, close: string) => (renamed.has(id) ? `${open}#${renamed.get(id)}${close}` : all));
}
