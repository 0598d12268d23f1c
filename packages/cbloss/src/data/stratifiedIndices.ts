import { createRng } from '../util/rng.js';

/**
 * Splits sample indices into a kept and a held-out part, class by class: class `c` with `n_c` samples
 * holds out `min(round(fraction·n_c), n_c − 1)` of them, chosen at random (seeded; each class from its own
 * stream forked with `purpose`, so different uses of one seed draw unrelated subsets), so every class with
 * samples keeps at least one. Both parts are in ascending order.
 * Labels are trusted to be in `[0, numClasses)`.
 *
 * @example
 * stratifiedIndices(new Int32Array([0, 0, 0, 0, 0, 1, 1]), 2, 0.2, 1, 'validation');
 * // { kept: Int32Array(5) [...], heldOut: Int32Array(2) [one of 0..4, one of 5..6] }
 */
export function stratifiedIndices(
  labels: Int32Array,
  numClasses: number,
  fraction: number,
  seed: number,
  purpose: string,
): { kept: Int32Array; heldOut: Int32Array } {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => byClass[label]?.push(i));
  const rng = createRng(seed);
  const held = new Uint8Array(labels.length);
  let heldCount = 0;
  byClass.forEach((indices, c) => {
    const n = Math.min(Math.round(fraction * indices.length), Math.max(indices.length - 1, 0));
    rng.fork(`${purpose}/class-${c}`).shuffle(indices);
    for (const i of indices.slice(0, n)) held[i] = 1;
    heldCount += n;
  });
  const kept = new Int32Array(labels.length - heldCount);
  const heldOut = new Int32Array(heldCount);
  let k = 0;
  let h = 0;
  for (let i = 0; i < labels.length; i++) {
    if (held[i] === 1) heldOut[h++] = i;
    else kept[k++] = i;
  }
  return { kept, heldOut };
}
