import * as tf from '@tensorflow/tfjs-core';
import type { DataParallel } from '../../src/distributed/DataParallel.js';

/**
 * `worldSize` ranks of a {@link DataParallel} in this one process, for tests of collectives without process groups:
 * each `sum` waits until every rank has called it, then resolves on each with the element-wise sum over ranks (new
 * tensors, as the real one). Ranks must call the same sums in the same order, as with c10d. `broadcast` and `barrier`
 * are not needed by the tests that use it and throw.
 * @example const [r0, r1] = inProcessGroup(2); await Promise.all([anyRank(r0, true), anyRank(r1, false)]);
 */
export function inProcessGroup(worldSize: number): DataParallel[] {
  let arrived: { values: Float32Array[]; shapes: number[][] }[] = [];
  let waiting: ((sums: tf.Tensor[]) => void)[] = [];
  return Array.from({ length: worldSize }, (_, rank) => ({
    rank,
    worldSize,
    sum(tensors) {
      arrived.push({ values: tensors.map((t) => new Float32Array(t.dataSync())), shapes: tensors.map((t) => t.shape) });
      return new Promise<tf.Tensor[]>((resolve) => {
        waiting.push(resolve);
        if (arrived.length < worldSize) return;
        const [first, ...others] = arrived;
        const resolvers = waiting;
        [arrived, waiting] = [[], []];
        const sums = first!.values.map((v, i) => others.reduce((s, o) => s.map((x, j) => x + o.values[i]![j]!), v));
        for (const r of resolvers) r(sums.map((s, i) => tf.tensor(s, first!.shapes[i], 'float32')));
      });
    },
    broadcast: () => Promise.reject(new Error('inProcessGroup: broadcast is not implemented')),
    barrier: () => Promise.reject(new Error('inProcessGroup: barrier is not implemented')),
  }));
}
