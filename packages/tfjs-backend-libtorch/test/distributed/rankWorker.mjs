// One rank of a process-group test, run by test/distributed/*.test.ts with child_process.fork (it imports the
// built package, dist/). Reads torchrun's variables (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE) and
// TEST_SCENARIO, TEST_BACKEND ('libtorch' | 'cpu'), TEST_TIMEOUT_MS, TEST_BUCKET_BYTES from the environment
// (scenario 'collectives' runs on libtorch, then again on cpu, in the same group);
// reports to the parent over IPC: {type: 'ready'} once the group formed, then {type: 'result', ...} or
// {type: 'error', code, message, elapsedMs}. Scenario 'hold' waits for {type: 'go'} before its allreduce.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node entry registers no gradients; tfjs-layers' bundle registers all of them (global registry).
import '@tensorflow/tfjs-layers';
import { processGroupFromEnv, registerLibtorchBackend } from '../../dist/index.js';
import { trainTinyMlp } from './tinyMlp.mjs';

const scenario = process.env.TEST_SCENARIO ?? 'collectives';
const backendName = process.env.TEST_BACKEND ?? 'libtorch';

function send(message) {
  return new Promise((resolve) => process.send(message, resolve));
}

function waitFor(type) {
  return new Promise((resolve) => {
    const listener = (message) => {
      if (message?.type === type) {
        process.off('message', listener);
        resolve(message);
      }
    };
    process.on('message', listener);
  });
}

const read = (tensors) => tensors.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));

/** Several tensors of two dtypes whose values depend on the rank; with a small bucket size they span several buckets. */
function rankTensors(rank) {
  return [
    tf.tensor2d([1 + rank, 2, 3, 4 * (rank + 1), 5, 6], [2, 3]),
    tf.tensor1d([10 * rank, -1], 'int32'),
    tf.scalar(0.5 + rank),
    tf.tensor1d(Array.from({ length: 7 }, (_, k) => k + 100 * rank)),
    tf.tensor2d([], [0, 3]),
  ];
}

async function collectives(group) {
  const inputs = rankTensors(group.rank);
  const floats = [inputs[0], inputs[2], inputs[3]];
  const before = tf.memory().numTensors;
  const sum = await group.allreduce(inputs, { op: 'sum' });
  const mean = await group.allreduce(floats, { op: 'mean' });
  const fromRoot1 = await group.broadcast(inputs, 1);
  const created = tf.memory().numTensors - before;
  const result = {
    sum: read(sum),
    mean: read(mean),
    broadcast: read(fromRoot1),
    inputsAfter: read(inputs),
    created,
    backend: tf.getBackend(),
  };
  tf.dispose([...sum, ...mean, ...fromRoot1]);
  result.leaked = tf.memory().numTensors - before;
  const arrays = [new Float32Array([group.rank, 1, 2]), new Float32Array([0.25 * (group.rank + 1)])];
  await group.allreduceArrays(arrays, { op: 'mean' });
  const ints = [new Int32Array([group.rank + 1, 7])];
  await group.allreduceArrays(ints);
  const broadcastArrays = [new Float32Array([group.rank, group.rank])];
  await group.broadcastArrays(broadcastArrays, 0);
  await group.barrier();
  result.arrays = arrays.map((a) => Array.from(a));
  result.ints = ints.map((a) => Array.from(a));
  result.broadcastArrays = broadcastArrays.map((a) => Array.from(a));
  tf.dispose(inputs);
  return result;
}

async function main() {
  if (backendName === 'libtorch') {
    if (!registerLibtorchBackend()) throw new Error('libtorch backend unavailable');
  }
  await tf.setBackend(backendName);
  const started = Date.now();
  let group;
  try {
    if (scenario === 'sgd-single') {
      await send({ type: 'result', weights: await trainTinyMlp(undefined) });
      return;
    }
    const overrides = { timeoutMs: Number(process.env.TEST_TIMEOUT_MS ?? 20000) };
    if (process.env.TEST_BUCKET_BYTES) overrides.bucketBytes = Number(process.env.TEST_BUCKET_BYTES);
    group = await processGroupFromEnv(overrides);
    await send({ type: 'ready' });
    if (scenario === 'collectives') {
      const libtorch = await collectives(group);
      await tf.setBackend('cpu');
      await send({ type: 'result', libtorch, cpu: await collectives(group) });
    }
    else if (scenario === 'sgd') {
      const weights = await trainTinyMlp(group);
      await send({ type: 'result', weights, shardOnly: await trainTinyMlp(group, { average: false }) });
    }
    else if (scenario === 'hold') {
      await waitFor('go');
      const t0 = Date.now();
      try {
        const out = await group.allreduce([tf.ones([4])]);
        await send({ type: 'result', values: read(out) });
      } catch (error) {
        await send({ type: 'error', code: error.code, message: error.message, elapsedMs: Date.now() - t0, usable: group.isUsable });
      }
    } else throw new Error(`unknown scenario ${scenario}`);
    await group.destroy();
  } catch (error) {
    await send({ type: 'error', code: error.code, message: error.message, elapsedMs: Date.now() - started });
  }
}

await main();
process.exit(0);
