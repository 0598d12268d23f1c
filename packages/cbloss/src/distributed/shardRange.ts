/**
 * This rank's contiguous part of the global batch `[start, end)` of an epoch's order: with n = end − start examples
 * and N ranks, rank r takes `[start + ⌊r·n/N⌋, start + ⌊(r+1)·n/N⌋)`. The parts are disjoint, cover the batch in
 * rank order, and differ in size by at most one (when n is not a multiple of N, e.g. the epoch's last batch; a rank
 * may get none when n < N). Every rank cuts the same seeded epoch order the same way, so together the ranks process
 * exactly the batch one process would.
 *
 * @param start - first position of the global batch in the epoch order.
 * @param end - one past its last position (end ≥ start).
 * @param rank - this process's rank in [0, worldSize − 1] (checked by the caller).
 * @param worldSize - the number of ranks.
 * @returns `[from, to)`: the positions this rank gathers.
 * @example
 * shardRange(256, 384, 1, 2) // [320, 384]: rank 1's 64 of the global batch of 128
 * shardRange(0, 5, 0, 2)     // [0, 2] (and rank 1 takes [2, 5])
 */
export function shardRange(start: number, end: number, rank: number, worldSize: number): [number, number] {
  const n = end - start;
  return [start + Math.floor((rank * n) / worldSize), start + Math.floor(((rank + 1) * n) / worldSize)];
}
