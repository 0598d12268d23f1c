import { LibtorchBackendError } from '../LibtorchBackendError.js';
import { describeValue } from './describeValue.js';

/** Default time a rank waits for the others, in a rendezvous or a collective: 5 minutes. */
export const DEFAULT_TIMEOUT_MS = 300_000;

/** Default largest bucket of an allreduce or broadcast: 25 MiB (PyTorch DDP's `bucket_cap_mb` is 25). */
export const DEFAULT_BUCKET_BYTES = 25 * 2 ** 20;

/** How to join a process group (torchrun's names in brackets, see `processGroupOptionsFromEnv`). */
export interface ProcessGroupOptions {
  /** This process's rank, an integer in [0, worldSize − 1] (`RANK`). Rank 0 hosts the TCP store. */
  readonly rank: number;
  /** Number of processes in the group, a positive integer (`WORLD_SIZE`). */
  readonly worldSize: number;
  /** Host name or address of rank 0's TCP store, reachable from every rank (`MASTER_ADDR`). */
  readonly masterAddr: string;
  /** Port of rank 0's TCP store, an integer in [1, 65535] (`MASTER_PORT`). */
  readonly masterPort: number;
  /** How long a rank waits for the others (rendezvous and each collective), in ms. Default {@link DEFAULT_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Largest flat bucket of one native collective call, in bytes. Default {@link DEFAULT_BUCKET_BYTES}. */
  readonly bucketBytes?: number;
  /**
   * The address (or host name) of this machine that the other ranks connect to for Gloo's traffic. Default:
   * `127.0.0.1` when `masterAddr` is a loopback address or `localhost`, else the address this machine's host
   * name resolves to (set it, or `networkInterface`, on machines whose host name resolves to 127.0.1.1).
   */
  readonly localAddr?: string;
  /** A network interface for Gloo's traffic instead of `localAddr`, e.g. `eth0` (`GLOO_SOCKET_IFNAME`). */
  readonly networkInterface?: string;
  /** Rank among the processes on this machine (`LOCAL_RANK`); default `rank`. Not used by the group itself. */
  readonly localRank?: number;
  /** Number of processes on this machine (`LOCAL_WORLD_SIZE`); default `worldSize`. Not used by the group itself. */
  readonly localWorldSize?: number;
}

/** {@link ProcessGroupOptions} checked, with every default applied. */
export interface ResolvedProcessGroupOptions extends Required<Omit<ProcessGroupOptions, 'localAddr' | 'networkInterface'>> {
  /** The host name Gloo binds to, or '' for "resolve this machine's host name". */
  readonly localAddr: string;
  /** '' when not given. */
  readonly networkInterface: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/i;

function invalid(fn: string, arg: string, rule: string, value: unknown): LibtorchBackendError {
  return new LibtorchBackendError('invalid-argument', `${fn}: '${arg}' must be ${rule}; got ${describeValue(value)}.`);
}

function integerIn(fn: string, arg: string, value: unknown, min: number, max: number, rule: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(fn, arg, rule, value);
  return value;
}

function optionalText(fn: string, arg: string, value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length === 0) throw invalid(fn, arg, 'a non-empty string when given', value);
  return value;
}

/**
 * Checks `options` once, at the boundary, and applies the defaults.
 * @param fn - the function the user called, named in messages.
 * @throws LibtorchBackendError `invalid-argument`, e.g.
 *   `createProcessGroup: 'rank' must be an integer in [0, 1] (worldSize 2); got 2.`
 * @example resolveProcessGroupOptions('createProcessGroup', { rank: 0, worldSize: 2, masterAddr: '127.0.0.1', masterPort: 29500 }).localAddr // '127.0.0.1'
 */
export function resolveProcessGroupOptions(fn: string, options: ProcessGroupOptions): ResolvedProcessGroupOptions {
  if (typeof options !== 'object' || options === null) throw invalid(fn, 'options', 'an object', options);
  const worldSize = integerIn(fn, 'worldSize', options.worldSize, 1, 2 ** 31 - 1, 'a positive integer');
  const rank = integerIn(fn, 'rank', options.rank, 0, worldSize - 1, `an integer in [0, ${worldSize - 1}] (worldSize ${worldSize})`);
  if (typeof options.masterAddr !== 'string' || options.masterAddr.trim() === '') {
    throw invalid(fn, 'masterAddr', 'a non-empty host name or address', options.masterAddr);
  }
  const masterPort = integerIn(fn, 'masterPort', options.masterPort, 1, 65535, 'an integer in [1, 65535]');
  const timeoutMs = integerIn(fn, 'timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, 2 ** 31 - 1, 'a positive integer (milliseconds)');
  const bucketBytes = integerIn(fn, 'bucketBytes', options.bucketBytes ?? DEFAULT_BUCKET_BYTES, 4, 2 ** 31 - 1, 'an integer ≥ 4 (bytes)');
  const localRank = integerIn(fn, 'localRank', options.localRank ?? rank, 0, 2 ** 31 - 1, 'a non-negative integer');
  const localWorldSize = integerIn(fn, 'localWorldSize', options.localWorldSize ?? worldSize, 1, 2 ** 31 - 1, 'a positive integer');
  const networkInterface = optionalText(fn, 'networkInterface', options.networkInterface);
  const givenLocalAddr = optionalText(fn, 'localAddr', options.localAddr);
  const localAddr = givenLocalAddr !== '' ? givenLocalAddr : LOOPBACK.test(options.masterAddr) ? '127.0.0.1' : '';
  return { rank, worldSize, masterAddr: options.masterAddr, masterPort, timeoutMs, bucketBytes, localRank, localWorldSize, localAddr, networkInterface };
}
