// In-process checks of the process-group facility: a group of one rank (the collectives run through Gloo all the
// same), rendezvous timeouts, and bad arguments. Two and more ranks: twoRanks.test.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibtorchBackendError } from '../../src/LibtorchBackendError.js';
import { createProcessGroup, isDistributedAvailable, processGroupFromEnv, registerLibtorchBackend, type ProcessGroup } from '../../src/index.js';
import { freePort } from './ranks.js';

async function rejection(promise: Promise<unknown>): Promise<LibtorchBackendError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(LibtorchBackendError);
    return e as LibtorchBackendError;
  }
  throw new Error('expected a rejection');
}

describe('createProcessGroup: bad arguments', () => {
  it('rejects bad options before touching the network, naming the function and the option', async () => {
    const e = await rejection(createProcessGroup({ rank: 2, worldSize: 2, masterAddr: '127.0.0.1', masterPort: 29500 }));
    expect(e.code).toBe('invalid-argument');
    expect(e.message).toBe("createProcessGroup: 'rank' must be an integer in [0, 1] (worldSize 2); got 2.");
    const fromEnv = await rejection(processGroupFromEnv({}, { MASTER_ADDR: '127.0.0.1', MASTER_PORT: '29500', WORLD_SIZE: '2' }));
    expect(fromEnv.message).toBe("processGroupFromEnv: environment variable 'RANK' must be set (as torchrun sets it); got nothing.");
  });
});

describe.skipIf(!isDistributedAvailable())('a process group of one rank (libtorch backend)', () => {
  let group: ProcessGroup;

  beforeAll(async () => {
    registerLibtorchBackend();
    await tf.setBackend('libtorch');
    group = await createProcessGroup({ rank: 0, worldSize: 1, masterAddr: '127.0.0.1', masterPort: await freePort(), timeoutMs: 10_000, bucketBytes: 16 });
  });
  afterAll(async () => {
    await group.destroy();
    await tf.setBackend('cpu');
  });

  it('allreduce and broadcast return new tensors equal to the inputs, across bucket boundaries, leaking nothing', async () => {
    const inputs = [tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor1d([7, -8], 'int32'), tf.scalar(0.25), tf.zeros([0, 2]), tf.range(0, 9)];
    const before = tf.memory().numTensors;
    const nativeBefore = (tf.memory() as { numNativeTensors?: number }).numNativeTensors ?? 0;
    const floats = [inputs[0]!, inputs[2]!, inputs[4]!];
    const runs: [tf.Tensor[], tf.Tensor[]][] = [
      [inputs, await group.allreduce(inputs)],
      [floats, await group.allreduce(floats, { op: 'mean' })],
      [inputs, await group.broadcast(inputs, 0)],
    ];
    for (const [given, out] of runs) {
      expect(out).toHaveLength(given.length);
      out.forEach((t, k) => {
        const input = given[k]!;
        expect(t).not.toBe(input);
        expect(t.shape).toEqual(input.shape);
        expect(t.dtype).toBe(input.dtype);
        expect(Array.from(t.dataSync())).toEqual(Array.from(input.dataSync()));
      });
      tf.dispose(out);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.memory() as { numNativeTensors?: number }).numNativeTensors ?? 0).toBe(nativeBefore);
    tf.dispose(inputs);
  });

  it('allreduceNamed maps the same names to new tensors, whatever the insertion order', async () => {
    const b = tf.tensor1d([1, 2]);
    const a = tf.scalar(3);
    const before = tf.memory().numTensors;
    const out = await group.allreduceNamed({ 'dense/kernel': b, 'conv/bias': a }, { op: 'mean' });
    expect(Object.keys(out).sort()).toEqual(['conv/bias', 'dense/kernel']);
    expect(Array.from(out['dense/kernel']!.dataSync())).toEqual([1, 2]);
    expect(Array.from(out['conv/bias']!.dataSync())).toEqual([3]);
    expect(out['conv/bias']!.shape).toEqual([]);
    expect(out['dense/kernel']).not.toBe(b);
    tf.dispose(Object.values(out));
    expect(tf.memory().numTensors).toBe(before);
    const e = await rejection(group.allreduceNamed({ w: b, flags: tf.tensor1d([1], 'bool') }));
    expect(e.message).toBe(`allreduceNamed: 'tensors["flags"]' must have dtype float32 or int32; got bool.`);
    expect((await rejection(group.allreduceNamed([b] as unknown as tf.NamedTensorMap))).message).toBe(
      "allreduceNamed: 'tensors' must be an object of named tf.Tensors; got Array(1).",
    );
    tf.dispose([a, b]);
  });

  it('allreduceArrays and broadcastArrays work in place', async () => {
    const a = new Float32Array([1.5, -2]);
    const b = new Float32Array(10).fill(3);
    await group.allreduceArrays([a, b], { op: 'mean' });
    await group.broadcastArrays([a], 0);
    expect(Array.from(a)).toEqual([1.5, -2]);
    expect(Array.from(b)).toEqual(new Array(10).fill(3));
    await group.barrier();
  });

  it('rejects bad collective arguments with the function and argument named', async () => {
    const x = tf.ones([2]);
    const flags = tf.tensor1d([1, 0], 'bool');
    const ints = tf.tensor1d([1, 2], 'int32');
    const disposed = tf.ones([1]);
    disposed.dispose();
    const cases: [Promise<unknown>, string][] = [
      [group.allreduce([x], { op: 'max' as 'sum' }), "allreduce: 'options.op' must be one of 'sum', 'mean'; got 'max'."],
      [group.allreduce([x, flags]), "allreduce: 'tensors[1]' must have dtype float32 or int32; got bool."],
      [group.allreduce([ints], { op: 'mean' }), "allreduce: 'tensors[0]' must be float32 for op 'mean'; got int32."],
      [group.allreduce([disposed]), "allreduce: 'tensors[0]' must not be disposed; got a disposed tensor."],
      [group.allreduce([[1, 2] as unknown as tf.Tensor]), "allreduce: 'tensors[0]' must be a tf.Tensor; got Array(2)."],
      [group.allreduce(x as unknown as tf.Tensor[]), "allreduce: 'tensors' must be an array of tf.Tensor; got Tensor."],
      [group.broadcast([x], 1), "broadcast: 'root' must be an integer in [0, 0]; got 1."],
      [group.allreduceArrays([new Float64Array(2) as unknown as Float32Array]), "allreduceArrays: 'arrays[0]' must be a Float32Array or Int32Array; got Float64Array(2)."],
      [group.allreduceArrays([new Float32Array(1), new Int32Array(1)]), "allreduceArrays: 'arrays[1]' must be a Float32Array like 'arrays[0]'; got Int32Array(1)."],
      [group.allreduceArrays([new Int32Array(1)], { op: 'mean' }), "allreduceArrays: 'arrays[0]' must be a Float32Array for op 'mean'; got Int32Array(1)."],
      [group.broadcastArrays([new Float32Array(1)], -1), "broadcastArrays: 'root' must be an integer in [0, 0]; got -1."],
    ];
    for (const [promise, message] of cases) {
      const e = await rejection(promise);
      expect(e.code).toBe('invalid-argument');
      expect(e.message).toBe(message);
    }
    expect(group.isUsable).toBe(true);
    tf.dispose([x, flags, ints]);
  });

  it('refuses every call after destroy(), which is idempotent', async () => {
    const other = await createProcessGroup({ rank: 0, worldSize: 1, masterAddr: '127.0.0.1', masterPort: await freePort(), timeoutMs: 10_000 });
    await other.destroy();
    await other.destroy();
    expect(other.isUsable).toBe(false);
    const e = await rejection(other.allreduce([tf.ones([1])]));
    expect(e.code).toBe('invalid-state');
    expect(e.message).toBe('allreduce: the process group must not be destroyed; got a call after destroy().');
    expect((await rejection(other.barrier())).code).toBe('invalid-state');
  });
});

describe.skipIf(!isDistributedAvailable())('rendezvous timeouts', () => {
  it('rank 1 with no rank 0 gives up after timeoutMs, naming itself and the address', async () => {
    const port = await freePort();
    const started = Date.now();
    const e = await rejection(createProcessGroup({ rank: 1, worldSize: 2, masterAddr: '127.0.0.1', masterPort: port, timeoutMs: 1500 }));
    const elapsed = Date.now() - started;
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(new RegExp(`^createProcessGroup: rank 1 of 2 timed out after 1500 ms waiting for the other ranks at 127\\.0\\.0\\.1:${port} \\(`));
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(6000);
  });

  it('rank 0 whose peers never come gives up after timeoutMs', async () => {
    const started = Date.now();
    const e = await rejection(createProcessGroup({ rank: 0, worldSize: 2, masterAddr: '127.0.0.1', masterPort: await freePort(), timeoutMs: 1500 }));
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/^createProcessGroup: rank 0 of 2 timed out after 1500 ms waiting for the other ranks at 127\.0\.0\.1:\d+ \(/);
    expect(Date.now() - started).toBeLessThan(6000);
  });
});
