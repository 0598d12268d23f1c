/**
 * Process groups (PyTorch's c10d with Gloo) for data-parallel training, and the helpers of a launcher. Importing this
 * subpath loads no native code and registers no backend (the addon loads when a group is created), so that a launcher
 * that only starts ranks stays light: `import { freePort } from 'tfjs-backend-libtorch/distributed'`. The same names
 * are exported by the package's main entry.
 * @packageDocumentation
 */
export { ProcessGroup, type AllreduceOptions } from './ProcessGroup.js';
export { createProcessGroup, processGroupFromEnv, isDistributedAvailable, distributedUnavailableReason } from './createProcessGroup.js';
export { processGroupOptionsFromEnv, TORCHRUN_ENV } from './processGroupOptionsFromEnv.js';
export { DEFAULT_BUCKET_BYTES, DEFAULT_TIMEOUT_MS, type ProcessGroupOptions } from './ProcessGroupOptions.js';
export { REDUCE_OPS, type ReduceOp } from './reduceOps.js';
export { freePort } from './freePort.js';
