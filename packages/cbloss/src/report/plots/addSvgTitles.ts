/** Marks drawn as one path for a whole series: a title there would show the values of its first point only. */
const SERIES_MARKS = /aria-roledescription="(line|area|trail) mark"/;

/**
 * Values on hover without any script: copies the `aria-label` vega writes on each mark item (e.g.
 * `epoch: 3; loss: 0.61; run: cb-focal`) into an SVG `<title>` child, which browsers show as a tooltip when the
 * pointer rests on the point, bar or cell. Lines and areas (one path per series) are left alone; their points
 * carry the values. The label is already escaped for an attribute, so it is valid element text as it is.
 *
 * @example
 * addSvgTitles('<path aria-label="epoch: 1; loss: 2.5" role="graphics-symbol" aria-roledescription="point" d="M0,0"/>');
 * // '<path aria-label="epoch: 1; loss: 2.5" role="graphics-symbol" aria-roledescription="point" d="M0,0"><title>epoch: 1; loss: 2.5</title></path>'
 */
export function addSvgTitles(svg: string): string {
  return svg.replace(/<(path|rect|circle|ellipse|text|image)\b([^>]*?) aria-label="([^"]*)"([^>]*?)\/>/g, (element, tag: string, before: string, label: string, after: string) =>
    SERIES_MARKS.test(element) ? element : `<${tag}${before} aria-label="${label}"${after}><title>${label}</title></${tag}>`,
  );
}
