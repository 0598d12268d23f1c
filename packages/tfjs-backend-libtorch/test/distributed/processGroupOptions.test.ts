import { describe, expect, it } from 'vitest';
import { LibtorchBackendError } from '../../src/LibtorchBackendError.js';
import { DEFAULT_BUCKET_BYTES, DEFAULT_TIMEOUT_MS, resolveProcessGroupOptions, type ProcessGroupOptions } from '../../src/distributed/ProcessGroupOptions.js';
import { processGroupOptionsFromEnv } from '../../src/distributed/processGroupOptionsFromEnv.js';

const base: ProcessGroupOptions = { rank: 1, worldSize: 2, masterAddr: '127.0.0.1', masterPort: 29500 };
const resolve = (o: Partial<ProcessGroupOptions>) => resolveProcessGroupOptions('createProcessGroup', { ...base, ...o } as ProcessGroupOptions);

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LibtorchBackendError);
    expect((e as LibtorchBackendError).code).toBe('invalid-argument');
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

describe('resolveProcessGroupOptions', () => {
  it('applies the defaults; a loopback master makes Gloo use 127.0.0.1, any other leaves it to the host name', () => {
    expect(resolve({})).toEqual({
      ...base,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      bucketBytes: DEFAULT_BUCKET_BYTES,
      localRank: 1,
      localWorldSize: 2,
      localAddr: '127.0.0.1',
      networkInterface: '',
    });
    expect(resolve({ masterAddr: 'localhost' }).localAddr).toBe('127.0.0.1');
    expect(resolve({ masterAddr: '10.0.0.7' }).localAddr).toBe('');
    expect(resolve({ masterAddr: '10.0.0.7', localAddr: '10.0.0.8' }).localAddr).toBe('10.0.0.8');
  });

  it.each([
    [{ rank: 2 }, "createProcessGroup: 'rank' must be an integer in [0, 1] (worldSize 2); got 2."],
    [{ rank: -1 }, "createProcessGroup: 'rank' must be an integer in [0, 1] (worldSize 2); got -1."],
    [{ rank: 0.5 }, "createProcessGroup: 'rank' must be an integer in [0, 1] (worldSize 2); got 0.5."],
    [{ worldSize: 0 }, "createProcessGroup: 'worldSize' must be a positive integer; got 0."],
    [{ masterAddr: '' }, "createProcessGroup: 'masterAddr' must be a non-empty host name or address; got ''."],
    [{ masterPort: 70000 }, "createProcessGroup: 'masterPort' must be an integer in [1, 65535]; got 70000."],
    [{ masterPort: '29500' }, "createProcessGroup: 'masterPort' must be an integer in [1, 65535]; got '29500'."],
    [{ timeoutMs: 0 }, "createProcessGroup: 'timeoutMs' must be a positive integer (milliseconds); got 0."],
    [{ bucketBytes: 2 }, "createProcessGroup: 'bucketBytes' must be an integer ≥ 4 (bytes); got 2."],
    [{ networkInterface: '' }, "createProcessGroup: 'networkInterface' must be a non-empty string when given; got ''."],
  ])('rejects %j', (bad, message) => {
    expect(messageOf(() => resolve(bad as Partial<ProcessGroupOptions>))).toBe(message);
  });
});

describe('processGroupOptionsFromEnv', () => {
  const env = { MASTER_ADDR: '10.0.0.1', MASTER_PORT: '29500', RANK: '3', WORLD_SIZE: '4' };

  it("reads torchrun's variables, and the optional local ones and GLOO_SOCKET_IFNAME", () => {
    expect(processGroupOptionsFromEnv(env)).toEqual({ masterAddr: '10.0.0.1', masterPort: 29500, rank: 3, worldSize: 4 });
    expect(processGroupOptionsFromEnv({ ...env, LOCAL_RANK: '1', LOCAL_WORLD_SIZE: '2', GLOO_SOCKET_IFNAME: 'eth0' })).toEqual({
      masterAddr: '10.0.0.1',
      masterPort: 29500,
      rank: 3,
      worldSize: 4,
      localRank: 1,
      localWorldSize: 2,
      networkInterface: 'eth0',
    });
  });

  it.each([
    [{ MASTER_ADDR: undefined }, "processGroupFromEnv: environment variable 'MASTER_ADDR' must be set (as torchrun sets it); got nothing."],
    [{ RANK: undefined }, "processGroupFromEnv: environment variable 'RANK' must be set (as torchrun sets it); got nothing."],
    [{ RANK: 'one' }, "processGroupFromEnv: environment variable 'RANK' must be a non-negative integer; got 'one'."],
    [{ RANK: '4' }, "processGroupFromEnv: environment variable 'RANK' must be an integer in [0, 3] (WORLD_SIZE 4); got '4'."],
    [{ WORLD_SIZE: '0' }, "processGroupFromEnv: environment variable 'WORLD_SIZE' must be a positive integer; got '0'."],
    [{ MASTER_PORT: '99999' }, "processGroupFromEnv: environment variable 'MASTER_PORT' must be an integer in [1, 65535]; got '99999'."],
    [{ LOCAL_RANK: '-1' }, "processGroupFromEnv: environment variable 'LOCAL_RANK' must be a non-negative integer; got '-1'."],
  ])('rejects %j', (change, message) => {
    expect(messageOf(() => processGroupOptionsFromEnv({ ...env, ...change }))).toBe(message);
  });
});
