/**
 * A seeded uniform generator in [0, 1) (Mulberry32), so that the split and the data order of a run are
 * reproducible from its seed, in the browser and in tests alike.
 *
 * @example
 * const next = seededRandom(1);
 * next(); // 0.6270739405881613
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
