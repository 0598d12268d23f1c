/**
 * Axis keys for classes: the class names themselves when they are unique and non-empty, else
 * `'index: name'`, so that two folders with the same name never merge into one bar.
 *
 * @example
 * classKeys(['cat', 'dog']); // ['cat', 'dog']
 * classKeys(['a', 'a']);     // ['0: a', '1: a']
 */
export function classKeys(classNames: readonly string[]): string[] {
  const unique = new Set(classNames).size === classNames.length && classNames.every((n) => n.length > 0);
  return unique ? [...classNames] : classNames.map((name, i) => `${i}: ${name}`);
}

/** Width in pixels of a chart with `bands` x positions of `perBand` pixels each, kept readable on a page. */
export function chartWidth(bands: number, perBand: number, min = 320, max = 960): number {
  return Math.round(Math.min(max, Math.max(min, bands * perBand)));
}

/**
 * Axis settings for class names: slanted when there are many classes, cut at 120 px; beyond 30 classes
 * vertical, and labels that would overlap are dropped (every k-th class is named).
 */
export function classAxis(count: number, title = 'class'): { labelAngle: number; labelLimit: number; title: string; labelOverlap?: 'greedy' } {
  if (count > 30) return { labelAngle: -90, labelLimit: 120, title, labelOverlap: 'greedy' };
  return { labelAngle: count > 10 ? -60 : count > 5 ? -30 : 0, labelLimit: 120, title };
}
