// One process of the data-parallel benchmark (bench/distributed/bench.mjs forks it). Trains the small CNN
// (conv32-pool-conv64-pool-dense128-dense10, 28x28x1, SGD) on the libtorch backend with 1 intra-op thread:
// without a process group on the whole global batch, or as one rank of a group on its 1/WORLD_SIZE share, with the
// gradients averaged by one allreduce('mean') per step. Reports per-step wall times (and allreduce times) over IPC.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { processGroupFromEnv, registerLibtorchBackend, setThreads } from 'tfjs-backend-libtorch';

const GLOBAL_BATCH = Number(process.env.BENCH_GLOBAL_BATCH ?? 256);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const STEPS = Number(process.env.BENCH_STEPS ?? 10);
const distributed = process.env.WORLD_SIZE !== undefined;

function buildModel() {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', padding: 'same' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'same' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
}

async function main() {
  if (!registerLibtorchBackend()) throw new Error('libtorch backend unavailable');
  await tf.setBackend('libtorch');
  setThreads(1);
  const group = distributed ? await processGroupFromEnv({ timeoutMs: 120_000 }) : undefined;
  const worldSize = group?.worldSize ?? 1;
  const batch = GLOBAL_BATCH / worldSize;
  const model = buildModel();
  const variables = model.trainableWeights.map((w) => w.read());
  // Every rank starts from rank 0's weights, as a trainer would.
  if (group !== undefined) {
    const same = await group.broadcast(variables, 0);
    variables.forEach((v, k) => v.assign(same[k]));
    tf.dispose(same);
  }
  const optimizer = tf.train.sgd(0.01);
  const x = tf.randomNormal([batch, 28, 28, 1], 0, 1, 'float32', 7 + (group?.rank ?? 0));
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 11 + (group?.rank ?? 0)), 10);
  const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x));
  const stepMs = [];
  const allreduceMs = [];
  for (let step = 0; step < WARMUP + STEPS; step++) {
    const t0 = performance.now();
    const { value, grads } = tf.variableGrads(loss, variables);
    value.dispose();
    const names = variables.map((v) => v.name);
    let list = names.map((n) => grads[n]);
    let reduceTime = 0;
    if (group !== undefined) {
      // Read back a value first, so that the gradient computation is finished before the allreduce is timed.
      list[list.length - 1].dataSync();
      const r0 = performance.now();
      const averaged = await group.allreduce(list, { op: 'mean' });
      reduceTime = performance.now() - r0;
      tf.dispose(list);
      list = averaged;
    }
    optimizer.applyGradients(Object.fromEntries(names.map((n, k) => [n, list[k]])));
    tf.dispose(list);
    variables[0].dataSync();
    if (step >= WARMUP) {
      stepMs.push(performance.now() - t0);
      allreduceMs.push(reduceTime);
    }
  }
  // The collective alone: back-to-back allreduces of tensors the size of the gradients, the ranks already in step.
  // For comparison, one collective per tensor, each awaited (what bucketing avoids).
  const aloneMs = [];
  const perTensorMs = [];
  if (group !== undefined) {
    await group.barrier();
    for (let k = 0; k < 10; k++) {
      const r0 = performance.now();
      tf.dispose(await group.allreduce(variables, { op: 'mean' }));
      aloneMs.push(performance.now() - r0);
      const r1 = performance.now();
      for (const v of variables) tf.dispose(await group.allreduce([v], { op: 'mean' }));
      perTensorMs.push(performance.now() - r1);
    }
  }
  const gradientBytes = variables.reduce((s, v) => s + v.size * 4, 0);
  process.send({ rank: group?.rank ?? 0, stepMs, allreduceMs, aloneMs, perTensorMs, tensors: variables.length, gradientBytes, checksum: tf.tidy(() => variables.reduce((s, v) => s + tf.sum(v).dataSync()[0], 0)) }, () => {
    const done = group?.destroy() ?? Promise.resolve();
    done.then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
