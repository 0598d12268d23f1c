import type { GroupDataParallel } from './createDataParallel.js';

/**
 * The line a data-parallel run logs after training: the number of processes and this rank's mean wall time per
 * step's gradient allreduce.
 * @example describeAllreduce(dp) // 'data-parallel: 2 processes; allreduce 4.21 ms per step on rank 0 (391 steps)'
 */
export function describeAllreduce(dp: GroupDataParallel): string {
  const { calls, seconds } = dp.allreduceTime();
  return `data-parallel: ${dp.worldSize} processes; allreduce ${((1000 * seconds) / Math.max(calls, 1)).toFixed(2)} ms per step on rank ${dp.rank} (${calls} steps)`;
}
