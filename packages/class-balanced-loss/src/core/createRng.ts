/**
 * A seeded pseudo-random generator: SplitMix32 seeding a Mulberry32 stream, with labelled forks. The same
 * algorithm (and so the same streams) as the `cbloss` CLI's generator, so that a sampler fed `seed` reproduces
 * the CLI's shuffles. Not cryptographic; 2^32 states, plenty for data order.
 *
 * @example
 * const rng = createRng(1);
 * rng.next();        // 0.1657054431270808 (uniform in [0, 1))
 * rng.int(10);       // an integer in [0, 10)
 * rng.shuffle([1, 2, 3]);
 * createRng(1).fork('shuffle:0'); // an independent stream, the same on every run
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal sample (Box–Muller). */
  normal(): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T;
  /** A new independent generator derived from this one's current state and a label (e.g. 'augment'); this one does not advance. */
  fork(label: string): Rng;
  /** The current internal state, to save in a checkpoint (restore with `createRng({ state })`). */
  state(): number;
}

function mix(seed: number): number {
  // SplitMix32-style avalanche of the seed, so that nearby seeds give unrelated streams
  let z = (seed + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function hashLabel(label: string): number {
  // FNV-1a
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Creates a generator from an integer seed, or restores one from a saved `state()` (pass `{ state }`).
 */
export function createRng(seed: number | { state: number }): Rng {
  let a = typeof seed === 'number' ? mix(seed) : seed.state >>> 0;
  const next = (): number => {
    // Mulberry32
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle: (array) => {
      for (let i = array.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = array[i];
        array[i] = array[j];
        array[j] = tmp;
      }
      return array;
    },
    fork: (label) => createRng(mix((a ^ hashLabel(label)) >>> 0)),
    state: () => a >>> 0,
  };
  return rng;
}
