/** Helpers to read vega's SVG output in tests. */

/** The rectangles of bar marks (`d="Mx,yhWvHh-WZ"`), in drawing order. */
export function barRects(svg: string): { x: number; y: number; width: number; height: number; label: string }[] {
  return [...svg.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="bar" d="M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)h/g)].map((m) => ({
    label: m[1] ?? '',
    x: Number(m[2]),
    y: Number(m[3]),
    width: Number(m[4]),
    height: Number(m[5]),
  }));
}
