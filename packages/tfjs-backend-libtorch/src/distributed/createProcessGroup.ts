import { LibtorchBackendError } from '../LibtorchBackendError.js';
import { loadAddon } from '../native/loadAddon.js';
import type { NativeProcessGroups } from '../native/NativeAddon.js';
import { collectiveError } from './collectiveError.js';
import { ProcessGroup } from './ProcessGroup.js';
import { resolveProcessGroupOptions, type ProcessGroupOptions } from './ProcessGroupOptions.js';
import { processGroupOptionsFromEnv } from './processGroupOptionsFromEnv.js';

/** The addon's process-group functions, or why there are none. */
function nativeProcessGroups(): { readonly native: NativeProcessGroups } | { readonly reason: string } {
  const { addon, reason } = loadAddon();
  if (addon === undefined) return { reason: reason ?? 'no addon' };
  const { pgCreate, pgCollective, pgCollectiveArrays, pgBarrier, pgDestroy } = addon;
  if (pgCreate === undefined || pgCollective === undefined || pgCollectiveArrays === undefined || pgBarrier === undefined || pgDestroy === undefined) {
    return { reason: 'the native addon was built without Gloo (apt-get install libgloo-dev, then reinstall the package)' };
  }
  return { native: { pgCreate, pgCollective, pgCollectiveArrays, pgBarrier, pgDestroy } };
}

/**
 * True when this process can form process groups: the native addon loads and was built with Gloo (Debian
 * `libgloo-dev` present at install).
 * @example if (!isDistributedAvailable()) console.log(distributedUnavailableReason());
 */
export function isDistributedAvailable(): boolean {
  return 'native' in nativeProcessGroups();
}

/**
 * Why process groups are unavailable, or undefined when they are available.
 * @example distributedUnavailableReason() // undefined, or 'the native addon was built without Gloo (…)'
 */
export function distributedUnavailableReason(): string | undefined {
  const found = nativeProcessGroups();
  return 'reason' in found ? found.reason : undefined;
}

/**
 * Joins a process group: rank 0 starts a c10d TCP store on `masterPort`, every rank connects to it at
 * `masterAddr`, and the ranks connect to each other with Gloo (PyTorch's `ProcessGroupGloo`). Resolves when all
 * `worldSize` ranks have joined. Works without the `libtorch` TF.js backend being active (any backend's tensors,
 * and typed arrays, can be exchanged).
 * @throws LibtorchBackendError (as a rejection): `invalid-argument` for bad options; `not-found` when the addon
 *   is unavailable or built without Gloo; `timeout` when the other ranks do not join within `timeoutMs`, e.g.
 *   `createProcessGroup: rank 1 of 2 timed out after 3000 ms waiting for the other ranks at 127.0.0.1:29500 (…).`
 * @example
 * const group = await createProcessGroup({ rank: 0, worldSize: 2, masterAddr: '127.0.0.1', masterPort: 29500 });
 * const [sum] = await group.allreduce([tf.scalar(group.rank + 1)]); // 3 on both ranks
 * await group.destroy();
 */
export async function createProcessGroup(options: ProcessGroupOptions): Promise<ProcessGroup> {
  return joinGroup('createProcessGroup', options);
}

/**
 * {@link createProcessGroup} with the options torchrun passes in the environment (`MASTER_ADDR`, `MASTER_PORT`,
 * `RANK`, `WORLD_SIZE`, `LOCAL_RANK`, `LOCAL_WORLD_SIZE`, `GLOO_SOCKET_IFNAME`; see `processGroupOptionsFromEnv`);
 * `overrides` wins over the environment (e.g. `{ timeoutMs: 60000 }`).
 * @example
 * // MASTER_ADDR=127.0.0.1 MASTER_PORT=29500 WORLD_SIZE=2 RANK=0 node train.js   (and RANK=1 in a second process)
 * const group = await processGroupFromEnv({ timeoutMs: 60_000 });
 */
export async function processGroupFromEnv(overrides: Partial<ProcessGroupOptions> = {}, env: NodeJS.ProcessEnv = process.env): Promise<ProcessGroup> {
  return joinGroup('processGroupFromEnv', { ...processGroupOptionsFromEnv(env, 'processGroupFromEnv'), ...overrides });
}

async function joinGroup(fn: string, options: ProcessGroupOptions): Promise<ProcessGroup> {
  const resolved = resolveProcessGroupOptions(fn, options);
  const found = nativeProcessGroups();
  if ('reason' in found) throw new LibtorchBackendError('not-found', `${fn}: process groups must be available; got ${found.reason}.`);
  const { rank, worldSize, masterAddr, masterPort, timeoutMs, localAddr, networkInterface } = resolved;
  try {
    const id = await found.native.pgCreate(masterAddr, masterPort, rank, worldSize, timeoutMs, localAddr, networkInterface);
    return new ProcessGroup(found.native, id, resolved);
  } catch (error) {
    throw collectiveError({ fn, rank, worldSize, timeoutMs, where: ` at ${masterAddr}:${masterPort}` }, error);
  }
}
