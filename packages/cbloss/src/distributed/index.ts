/** Data-parallel training over a process group (PyTorch's c10d with Gloo, through tfjs-backend-libtorch). */
export { anyRank } from './anyRank.js';
export { createDataParallel, type GroupDataParallel, type ProcessGroupLike } from './createDataParallel.js';
export type { DataParallel } from './DataParallel.js';
export { dataParallelStep, type ShardStep, type ShardStepResult } from './dataParallelStep.js';
export { describeAllreduce } from './describeAllreduce.js';
export { gatherAtOffset } from './gatherAtOffset.js';
export { joinDataParallel, type JoinOptions } from './joinDataParallel.js';
export { followLauncher, freePort, launchRanks, LAUNCHED_ENV, type LaunchOptions } from './launchRanks.js';
export { shardRange } from './shardRange.js';
export { syncFromRankZero } from './syncFromRankZero.js';
export { withRankZeroStatistics } from './withRankZeroStatistics.js';
