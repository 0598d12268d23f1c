/**
 * The valid name closest to `name` by edit distance (Levenshtein, case-insensitive), for
 * "did you mean ...?" messages. Returns `undefined` when nothing is close: the distance must be at most
 * max(2, ⌊len/3⌋) where len is the longer of the two names.
 *
 * @example
 * nearestName('focla', ['softmax', 'sigmoid', 'focal']); // 'focal'
 * nearestName('xyzzy', ['softmax', 'sigmoid', 'focal']); // undefined
 */
export function nearestName(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of valid) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const limit = Math.max(2, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Levenshtein distance (insertions, deletions, substitutions each cost 1).
 *
 * @example
 * editDistance('kitten', 'sitting'); // 3
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
