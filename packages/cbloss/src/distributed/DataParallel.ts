import type * as tf from '@tensorflow/tfjs-core';

/**
 * What the trainer needs of a group of processes to train one model data-parallel: every rank computes the gradients
 * of its part of each global batch, the gradients are summed over ranks, and every rank applies the same update.
 * Made from a process group of `tfjs-backend-libtorch` (PyTorch's c10d over Gloo) by {@link createDataParallel}; any
 * other engine that offers these collectives will do.
 *
 * Every rank must call the same collectives in the same order with tensors of the same shapes (as in PyTorch).
 *
 * @example
 * const dp = createDataParallel(await processGroupFromEnv());
 * await trainModel({ ...options, distributed: dp });
 */
export interface DataParallel {
  /** This process's rank in [0, worldSize − 1]; rank 0 writes checkpoints and results. */
  readonly rank: number;
  /** The number of processes training together. */
  readonly worldSize: number;
  /**
   * Element-wise sum of each tensor over all ranks (in flat buckets); new tensors, which the caller disposes.
   * `untimed`: not a step's gradient exchange (e.g. an agreement that also waits for rank 0's evaluation), so not
   * counted in reported allreduce times.
   */
  sum(tensors: readonly tf.Tensor[], options?: { readonly untimed?: boolean }): Promise<tf.Tensor[]>;
  /** Rank 0's values of each tensor on every rank; new tensors, which the caller disposes. */
  broadcast(tensors: readonly tf.Tensor[]): Promise<tf.Tensor[]>;
  /** Resolves when every rank has reached it. */
  barrier(): Promise<void>;
}
