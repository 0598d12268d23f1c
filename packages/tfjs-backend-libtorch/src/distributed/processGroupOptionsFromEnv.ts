import { LibtorchBackendError } from '../LibtorchBackendError.js';
import type { ProcessGroupOptions } from './ProcessGroupOptions.js';

/** The environment variables torchrun sets for each worker, which {@link processGroupOptionsFromEnv} reads. */
export const TORCHRUN_ENV = ['MASTER_ADDR', 'MASTER_PORT', 'RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'LOCAL_WORLD_SIZE'] as const;

function read(fn: string, env: NodeJS.ProcessEnv, name: string, min: number, rule: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || value < min) {
    throw new LibtorchBackendError('invalid-argument', `${fn}: environment variable '${name}' must be ${rule}; got '${text}'.`);
  }
  return value;
}

function required(fn: string, name: string, value: number | string | undefined): void {
  if (value === undefined || value === '') {
    throw new LibtorchBackendError('invalid-argument', `${fn}: environment variable '${name}' must be set (as torchrun sets it); got nothing.`);
  }
}

/**
 * Reads a process group's options from torchrun's environment variables: `MASTER_ADDR`, `MASTER_PORT`, `RANK`,
 * `WORLD_SIZE` (required), `LOCAL_RANK`, `LOCAL_WORLD_SIZE` (optional), and `GLOO_SOCKET_IFNAME` (optional,
 * Gloo's network interface, as in PyTorch). Pure: pass any environment.
 * @param env - default `process.env`.
 * @param fn - the function named in messages (default `processGroupFromEnv`).
 * @throws LibtorchBackendError `invalid-argument` naming the variable, e.g.
 *   `processGroupFromEnv: environment variable 'RANK' must be an integer in [0, 1] (WORLD_SIZE 2); got '2'.`
 * @example processGroupOptionsFromEnv({ MASTER_ADDR: '10.0.0.1', MASTER_PORT: '29500', RANK: '1', WORLD_SIZE: '2' })
 * // { masterAddr: '10.0.0.1', masterPort: 29500, rank: 1, worldSize: 2 }
 */
export function processGroupOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, fn = 'processGroupFromEnv'): ProcessGroupOptions {
  const masterAddr = env['MASTER_ADDR'] ?? '';
  required(fn, 'MASTER_ADDR', masterAddr);
  const masterPort = read(fn, env, 'MASTER_PORT', 1, 'an integer in [1, 65535]');
  required(fn, 'MASTER_PORT', masterPort);
  if (masterPort !== undefined && masterPort > 65535) {
    throw new LibtorchBackendError('invalid-argument', `${fn}: environment variable 'MASTER_PORT' must be an integer in [1, 65535]; got '${env['MASTER_PORT'] ?? ''}'.`);
  }
  const worldSize = read(fn, env, 'WORLD_SIZE', 1, 'a positive integer');
  required(fn, 'WORLD_SIZE', worldSize);
  const rank = read(fn, env, 'RANK', 0, 'a non-negative integer');
  required(fn, 'RANK', rank);
  if (rank !== undefined && worldSize !== undefined && rank >= worldSize) {
    throw new LibtorchBackendError(
      'invalid-argument',
      `${fn}: environment variable 'RANK' must be an integer in [0, ${worldSize - 1}] (WORLD_SIZE ${worldSize}); got '${env['RANK'] ?? ''}'.`,
    );
  }
  const localRank = read(fn, env, 'LOCAL_RANK', 0, 'a non-negative integer');
  const localWorldSize = read(fn, env, 'LOCAL_WORLD_SIZE', 1, 'a positive integer');
  const networkInterface = env['GLOO_SOCKET_IFNAME'];
  return {
    masterAddr,
    masterPort: masterPort ?? 0,
    rank: rank ?? 0,
    worldSize: worldSize ?? 0,
    ...(localRank !== undefined ? { localRank } : {}),
    ...(localWorldSize !== undefined ? { localWorldSize } : {}),
    ...(networkInterface !== undefined && networkInterface !== '' ? { networkInterface } : {}),
  };
}
