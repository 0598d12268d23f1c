import * as tf from '@tensorflow/tfjs-core';
import type { DataParallel } from '../../src/distributed/DataParallel.js';

type Kind = 'sum' | 'broadcast';

/**
 * `worldSize` ranks of a {@link DataParallel} in this one process, for tests of collectives without process groups:
 * each collective waits until every rank has called it, then resolves on each with new tensors, as c10d does: `sum`
 * the element-wise sum over ranks, `broadcast` rank 0's values. Ranks must call the same collectives in the same
 * order (a mismatch rejects). `barrier` is not needed by the tests that use it and throws.
 * @example const [r0, r1] = inProcessGroup(2); await Promise.all([anyRank(r0, true), anyRank(r1, false)]);
 */
export function inProcessGroup(worldSize: number): DataParallel[] {
  let round: { kind: Kind; rank: number; values: Float32Array[]; shapes: number[][]; done: (result: tf.Tensor[] | Error) => void }[] = [];
  const meet = (kind: Kind, rank: number, tensors: readonly tf.Tensor[]): Promise<tf.Tensor[]> =>
    new Promise((resolve, reject) => {
      const done = (result: tf.Tensor[] | Error): void => (result instanceof Error ? reject(result) : resolve(result));
      round.push({ kind, rank, values: tensors.map((t) => new Float32Array(t.dataSync())), shapes: tensors.map((t) => t.shape), done });
      if (round.length < worldSize) return;
      const arrived = round;
      round = [];
      if (arrived.some((a) => a.kind !== kind)) {
        for (const a of arrived) a.done(new Error(`inProcessGroup: the ranks must call the same collective; got ${arrived.map((x) => x.kind).join(', ')}`));
        return;
      }
      const zero = arrived.find((a) => a.rank === 0)!;
      const result = kind === 'broadcast' ? zero.values : zero.values.map((v, i) => arrived.reduce((s, a) => (a === zero ? s : s.map((x, j) => x + a.values[i]![j]!)), v));
      for (const a of arrived) a.done(result.map((values, i) => tf.tensor(values, zero.shapes[i], 'float32')));
    });
  return Array.from({ length: worldSize }, (_, rank) => ({
    rank,
    worldSize,
    sum: (tensors) => meet('sum', rank, tensors),
    broadcast: (tensors) => meet('broadcast', rank, tensors),
    barrier: () => Promise.reject(new Error('inProcessGroup: barrier is not implemented')),
  }));
}
