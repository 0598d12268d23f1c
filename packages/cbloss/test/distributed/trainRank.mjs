// One process of the data-parallel trainer tests (dataParallel.test.ts), on the built package (dist/). A tiny MLP
// without batch norm on seeded tabular data, trained by trainModel; alone, or as one rank when RANK and WORLD_SIZE
// are set (torchrun's variables). TEST_SCENARIO (JSON): { backend, batchSize, epochs, stopAfterStep?, checkpointDir?,
// resume?, batchNorm? (a batch-norm layer after the hidden one), accumulate? (micro-batches per step), stream? }.
// With `stream: { paths, labels, size, skipBadImages? }` the data are image files streamed from disk instead: a decode
// pool (1 worker) and createStreamBatchSource, with this rank's shard; the MLP then flattens [size, size, 3] images.
// With `evaluate: true` too, the ranks then evaluate that split together (evaluateStreamParts) and rank 0 also alone,
// on its own model (evaluateStream); rank 0 reports both as `evaluation`.
// Reports { type: 'result' | 'interrupted' | 'error', ... } over IPC.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createLoss } from 'class-balanced-loss';
import {
  createDecodePool,
  createRng,
  createStreamBatchSource,
  joinDataParallel,
  loadCheckpoint,
  selectBackend,
  trainModel,
  TrainingInterruptedError,
} from '../../dist/index.js';
import { evaluateStream } from '../../dist/eval/evaluateStream.js';
import { evaluateStreamParts } from '../../dist/eval/evaluateStreamParts.js';

const scenario = JSON.parse(process.env.TEST_SCENARIO ?? '{}');
const ranked = (process.env.RANK ?? '') !== '';
const rank = ranked ? Number(process.env.RANK) : 0;
const FEATURES = 8;
const CLASSES = 4;
const COUNT = 91;
let seen = 0; // batches of 16: the last one holds 11, split 5 / 6 over two ranks

/** Seeded Gaussian blobs: class c centred at c along feature c, long-tailed counts. */
function makeData() {
  const rng = createRng(11);
  const x = new Float32Array(COUNT * FEATURES);
  const labels = new Int32Array(COUNT);
  for (let i = 0; i < COUNT; i++) {
    const c = i < 45 ? 0 : i < 70 ? 1 : i < 84 ? 2 : 3;
    labels[i] = c;
    for (let f = 0; f < FEATURES; f++) x[i * FEATURES + f] = (f === c ? 1.5 : 0) + (rng.next() - 0.5);
  }
  return { x, labels, count: COUNT };
}

/** The streamed split of scenario.stream, through a decode pool, as this rank's batch source. */
function streamSource(stream, dp) {
  const split = { paths: stream.paths, labels: Int32Array.from(stream.labels), count: stream.paths.length };
  const accumulate = scenario.accumulate ?? 1;
  const worldSize = dp?.worldSize ?? 1;
  const pool = createDecodePool(split, {
    transform: { mode: 'train', size: stream.size },
    batchSize: Math.min(scenario.batchSize / accumulate, Math.ceil(scenario.batchSize / worldSize)),
    seed: 5,
    workers: 1,
    shuffle: false,
    skipBadImages: stream.skipBadImages === true,
  });
  const source = createStreamBatchSource({ split, pool, batchSize: scenario.batchSize, accumulate, ...(dp ? { shard: { rank: dp.rank, worldSize: dp.worldSize } } : {}) });
  // Counts the images this rank trained on (reported as `seen`): its parts, not whole batches.
  return {
    ...source,
    async *epoch(epoch, order, firstBatch) {
      for await (const micro of source.epoch(epoch, order, firstBatch)) {
        seen += micro.count;
        yield micro;
      }
    },
  };
}

/** scenario.evaluate: the ranks evaluate the streamed split together; rank 0 returns that and its own model's evaluation alone. */
async function evaluateSplit(model, dp) {
  const { paths, labels, size } = scenario.stream;
  const split = { paths, labels: Int32Array.from(labels), count: paths.length };
  const open = (part) => createDecodePool(part, { transform: { mode: 'eval', size }, batchSize: 4, seed: 5, workers: 1, shuffle: false });
  const options = { numClasses: CLASSES, trainSamplesPerClass: [45, 25, 14, 7] };
  const summary = (e) => e && { top1Error: e.top1Error, top5Error: e.top5Error, perClassAccuracy: e.perClassAccuracy, labels: Array.from(e.labels), predictions: Array.from(e.predictions) };
  const together = dp ? (await evaluateStreamParts(dp, model, split, open, options)).evaluation : undefined;
  if (rank !== 0) return undefined;
  const pool = open(split);
  try {
    return { together: summary(together), alone: summary(await evaluateStream(model, pool, options)) };
  } finally {
    await pool.close();
  }
}

function buildMlp(seed, batchNorm) {
  const model = tfl.sequential();
  if (scenario.stream) model.add(tfl.layers.flatten({ inputShape: [scenario.stream.size, scenario.stream.size, 3] }));
  model.add(tfl.layers.dense({ ...(scenario.stream ? {} : { inputShape: [FEATURES] }), units: 16, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }));
  if (batchNorm) model.add(tfl.layers.batchNormalization({ momentum: 0.9 }));
  model.add(tfl.layers.dense({ units: CLASSES, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }));
  return model;
}

try {
  await selectBackend(scenario.backend ?? 'cpu', { threads: 1, log: () => undefined });
  const dp = ranked ? await joinDataParallel('trainRank', { timeoutMs: 60_000 }) : undefined;
  const train = scenario.stream ? streamSource(scenario.stream, dp) : makeData();
  // Rank 1 builds another model on purpose: the ranks must still train rank 0's (the initial broadcast).
  const model = buildMlp(rank === 0 ? 3 : 1000, scenario.batchNorm === true);
  const loss = createLoss('softmax', { samplesPerClass: [45, 25, 14, 7], beta: 0.99 });
  const controller = new AbortController();
  let steps = 0;
  const before = tf.memory().numTensors;
  const common = {
    model,
    train,
    sampleShape: scenario.stream ? [scenario.stream.size, scenario.stream.size, 3] : [FEATURES],
    loss,
    epochs: scenario.epochs,
    batchSize: scenario.batchSize,
    learningRate: 0.2,
    momentum: 0.9,
    weightDecay: 1e-3,
    warmupEpochs: 0,
    milestones: [],
    augment: false,
    seed: 5,
    log: () => undefined,
    progressBar: false,
    signal: controller.signal,
    // Only rank 0 is asked to stop: every rank must stop at the same step with it.
    onStep: () => {
      steps += 1;
      if (rank === 0 && steps === scenario.stopAfterStep) controller.abort();
    },
    ...(scenario.checkpointDir !== undefined && rank === 0 ? { checkpointDir: scenario.checkpointDir } : {}),
    ...(scenario.resume ? { resumeFrom: await loadCheckpoint(scenario.checkpointDir) } : {}),
    ...(dp ? { distributed: dp } : {}),
    ...(scenario.accumulate !== undefined ? { accumulate: scenario.accumulate } : {}),
  };
  const report = (type, extra) => ({
    type,
    rank,
    steps,
    leaked: tf.memory().numTensors - before,
    weights: model.weights.map((w) => Array.from(w.read().dataSync())),
    trainable: model.weights.map((w) => w.trainable),
    seen,
    ...extra,
  });
  let message;
  try {
    const result = await trainModel(common);
    message = report('result', { losses: result.history.map((r) => r.loss), ...(scenario.evaluate ? { evaluation: await evaluateSplit(model, dp) } : {}) });
  } catch (error) {
    if (!(error instanceof TrainingInterruptedError)) throw error;
    message = report('interrupted', { epoch: error.epoch, batch: error.batch });
  }
  if (scenario.stream) await train.close();
  await dp?.destroy();
  process.send(message);
} catch (error) {
  process.send({ type: 'error', rank, message: error instanceof Error ? error.stack : String(error) });
}
