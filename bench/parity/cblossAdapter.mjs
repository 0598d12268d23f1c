// @ts-check
// The one module of the parity harness that touches the cbloss and class-balanced-loss APIs: the TF.js side of a
// case is built and trained exactly as `runExperiment` does it (resolveMethod → createLoss → buildModel with the
// method's final bias → channelStats / normalizeBatch → weightDecayVariables → trainModel), from the built packages.
// When those APIs change, only this file needs to follow.
import * as tf from '@tensorflow/tfjs-core';
import { createLoss, longTailCounts, resolveMethod, sampleEpoch } from 'class-balanced-loss';
import {
  augmentBatch,
  buildModel,
  channelStats,
  createRng,
  gatherBatch,
  normalizeBatch,
  selectBackend,
  trainModel,
  weightDecayVariables,
} from 'cbloss';

export { createRng, longTailCounts };

/**
 * Activates a TF.js backend the way the CLI does (`--backend`), quietly.
 * @param {'libtorch' | 'wasm' | 'cpu'} name
 * @returns {Promise<string>} the active backend
 */
export async function useBackend(name) {
  const { backend } = await selectBackend(name, { threads: 1 });
  return backend;
}

/**
 * The fresh seeded model `runExperiment` would train for the loss `method` (its final bias, zero or the prior, and
 * its classifier, dense or cosine, from the method's registry entry).
 * @param {{ model: string, inputShape: number[], numClasses: number, method: string, seed: number }} o
 */
export function makeModel(o) {
  const method = resolveMethod(o.method);
  return buildModel(/** @type {any} */ (o.model), {
    inputShape: o.inputShape,
    numClasses: o.numClasses,
    finalBias: method.finalBias,
    classifier: method.classifier ?? 'linear',
    seed: o.seed,
  });
}

/**
 * The loss `runExperiment` would create: the registry method with its class counts, β, deferred re-weighting epoch
 * and its own parameters.
 * @param {{ type: string, beta: number, drwEpoch?: number, [parameter: string]: unknown }} spec
 * @param {number[]} samplesPerClass
 */
export function makeLoss(spec, samplesPerClass) {
  const { type, beta, drwEpoch, ...parameters } = spec;
  return createLoss(/** @type {any} */ (type), { samplesPerClass, beta, drwEpoch, ...parameters });
}

/**
 * The batches `trainModel` draws, in order: epoch `e` is the sampler's order for it
 * (`sampleEpoch(labels, { sampler, seed, epoch: e, numEpochs })`), cut into batches; with augmentation, batch `b` of
 * epoch `e` is augmented from `createRng(seed).fork('augment:e').fork('batch:b')` (trainModel's reproducibility
 * contract).
 * @param {{ x: Uint8Array, labels: Int32Array, count: number }} train
 * @param {number[]} sampleShape
 * @param {{ epochs: number, batchSize: number, seed: number, augment: boolean, sampler: string }} o
 * @returns {{ epoch: number, batch: number, x: Uint8Array, labels: Int32Array, count: number }[]}
 */
export function batchStream(train, sampleShape, o) {
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  const batches = Math.ceil(train.count / o.batchSize);
  const root = createRng(o.seed);
  const steps = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = sampleEpoch(train.labels, { sampler: /** @type {any} */ (o.sampler), seed: o.seed, epoch, numEpochs: o.epochs });
    const augmentRng = root.fork(`augment:${epoch}`);
    for (let b = 0; b < batches; b++) {
      const batch = gatherBatch(train, sampleSize, order, b * o.batchSize, Math.min(train.count, (b + 1) * o.batchSize));
      const x = o.augment ? augmentBatch(/** @type {Uint8Array} */ (batch.x), batch.count, sampleShape, augmentRng.fork(`batch:${b}`)) : batch.x;
      steps.push({ epoch, batch: b, x: /** @type {Uint8Array} */ (x), labels: batch.labels, count: batch.count });
    }
  }
  return steps;
}

/**
 * Trains `model` in place with cbloss's trainer and the method's loss, as `runExperiment` wires them
 * (per-channel standardisation, `setEpoch` at every epoch for deferred re-weighting, the weight-decay exclusions of
 * `weightDecayVariables`, the sampler), and returns the loss and learning rate of every step and, after every step,
 * every weight and batch-norm statistic (`model.weights` order).
 * @param {import('@tensorflow/tfjs-layers').LayersModel} model
 * @param {{ x: Uint8Array, labels: Int32Array, count: number }} train
 * @param {{ sampleShape: number[], samplesPerClass: number[], loss: { type: string, beta: number, drwEpoch?: number, [parameter: string]: unknown },
 *   sampler: string, epochs: number, batchSize: number, learningRate: number, momentum: number, weightDecay: number,
 *   warmupEpochs: number, augment: boolean, seed: number }} o
 * @returns {Promise<{ losses: number[], learningRates: number[], states: Float32Array[][], normalization: { mean: number[], std: number[], scale: number } }>}
 */
export async function trainTfjs(model, train, o) {
  const loss = makeLoss(o.loss, o.samplesPerClass);
  const normalization = channelStats(train.x, train.count, o.sampleShape);
  const losses = [];
  const learningRates = [];
  /** @type {Float32Array[][]} */
  const states = [];
  await trainModel({
    model,
    train,
    sampleShape: o.sampleShape,
    loss: /** @type {any} */ (loss),
    onEpochStart: (epoch) => loss.setEpoch(epoch),
    toInput: (x, count) => tf.tidy(() => normalizeBatch(tf.tensor(x, [count, ...o.sampleShape], 'float32'), normalization)),
    epochs: o.epochs,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    momentum: o.momentum,
    weightDecay: o.weightDecay,
    warmupEpochs: o.warmupEpochs,
    weightDecayVariables: weightDecayVariables(model, resolveMethod(o.loss.type).finalBias),
    augment: o.augment,
    sampler: /** @type {any} */ (o.sampler),
    seed: o.seed,
    log: () => {},
    progressBar: false,
    onStep: (step) => {
      losses.push(step.loss);
      learningRates.push(step.learningRate);
      states.push(model.weights.map((w) => /** @type {Float32Array} */ (w.read().dataSync()).slice()));
    },
  });
  return { losses, learningRates, states, normalization };
}
