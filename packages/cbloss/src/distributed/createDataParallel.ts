import type * as tf from '@tensorflow/tfjs-core';
import type { DataParallel } from './DataParallel.js';

/**
 * The part of `tfjs-backend-libtorch`'s `ProcessGroup` (PyTorch's c10d over Gloo) that data-parallel training uses.
 * Declared here so that cbloss builds and runs without the optional native package.
 */
export interface ProcessGroupLike {
  readonly rank: number;
  readonly worldSize: number;
  readonly timeoutMs: number;
  allreduce(tensors: readonly tf.Tensor[], options?: { readonly op?: 'sum' | 'mean' }): Promise<tf.Tensor[]>;
  broadcast(tensors: readonly tf.Tensor[], root?: number): Promise<tf.Tensor[]>;
  barrier(): Promise<void>;
  destroy(): Promise<void>;
}

/** A {@link DataParallel} over a process group, which also times its sums (the gradient allreduce of each step). */
export interface GroupDataParallel extends DataParallel {
  /** How long this rank spent in its timed sums (each step's gradient allreduce): calls and wall-time seconds. */
  readonly allreduceTime: () => { readonly calls: number; readonly seconds: number };
  /** How long a rank waits for the others before failing, in ms. */
  readonly timeoutMs: number;
  /** Closes the group (after pending collectives). */
  destroy(): Promise<void>;
}

/**
 * Wraps a process group as the trainer's {@link DataParallel}: `sum` is one bucketed allreduce (`op: 'sum'`),
 * `broadcast` sends rank 0's values, and the wall time of every sum is added up for reports.
 *
 * @example
 * const dp = createDataParallel(await processGroupFromEnv());
 * // ... trainModel({ ..., distributed: dp }) ...
 * const { calls, seconds } = dp.allreduceTime(); // e.g. { calls: 391, seconds: 4.2 }
 * await dp.destroy();
 */
export function createDataParallel(group: ProcessGroupLike): GroupDataParallel {
  let calls = 0;
  let seconds = 0;
  return {
    rank: group.rank,
    worldSize: group.worldSize,
    timeoutMs: group.timeoutMs,
    async sum(tensors, options = {}) {
      const started = performance.now();
      const result = await group.allreduce(tensors, { op: 'sum' });
      if (options.untimed === true) return result;
      seconds += (performance.now() - started) / 1000;
      calls += 1;
      return result;
    },
    broadcast: (tensors) => group.broadcast(tensors, 0),
    barrier: () => group.barrier(),
    allreduceTime: () => ({ calls, seconds }),
    destroy: () => group.destroy(),
  };
}
