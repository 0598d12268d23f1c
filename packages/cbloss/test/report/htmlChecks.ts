/** Shared assertions on generated HTML pages. */

/**
 * Every reference in `html` that would reach outside the file: absolute URLs (http:, https:, protocol-relative
 * `//`, data: is allowed in nothing either), scripts, CSS imports and non-fragment `url(...)`.
 */
export function externalReferences(html: string): string[] {
  const patterns = [
    /https?:/gi,
    /\b(?:src|href|xlink:href)\s*=\s*["']?\s*(?:\/\/|[a-z][a-z0-9+.-]*:)[^"'\s>]*/gi,
    /<script\b/gi,
    /@import\b/gi,
    /url\(\s*['"]?(?!#)[^)]*\)/gi,
    /<(?:link|iframe|object|embed|img)\b/gi,
  ];
  return patterns.flatMap((p) => html.match(p) ?? []);
}

/** The `data-plot` ids of the figures of a page, in order. */
export function plotIds(html: string): string[] {
  return [...html.matchAll(/<figure class="plot" data-plot="([^"]+)">/g)].map((m) => m[1] ?? '');
}

/** The inline SVG of the figure with this id. */
export function figureSvg(html: string, id: string): string {
  const start = html.indexOf(`data-plot="${id}"`);
  const end = html.indexOf('</figure>', start);
  return start < 0 ? '' : html.slice(start, end);
}
