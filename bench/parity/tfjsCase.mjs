// @ts-check
// The TF.js side of one parity case: a small long-tailed image set, the model's initial weights and the exact batch
// stream written for PyTorch (case.json, init.bin, pixels.bin, labels.bin), then the same training run through
// cbloss's trainer, whose per-step losses and final weights go to tfjs.json / tfjs.bin, and the state after every
// step to tfjs-steps.bin.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { batchStream, createRng, longTailCounts, makeModel, trainTfjs } from './cblossAdapter.mjs';

/**
 * @typedef {{
 *   model: string, inputShape: number[], numClasses: number, imbalanceFactor: number, maxCount: number,
 *   loss: import('./parityCases.mjs').ParityLoss, sampler: string,
 *   epochs: number, batchSize: number, learningRate: number, momentum: number, weightDecay: number,
 *   warmupEpochs: number, augment: boolean, seed: number
 * }} CaseSpec
 */

/**
 * Long-tailed uint8 images: class c has `counts[c]` samples, each its class's random prototype plus noise, so the
 * classes are learnable and the loss moves. Deterministic in `seed`.
 * @param {number[]} counts
 * @param {number[]} shape [H, W, C]
 * @param {number} seed
 */
export function longTailedImages(counts, shape, seed) {
  const size = shape.reduce((a, b) => a * b, 1);
  const rng = createRng(seed).fork('parity-images');
  const prototypes = counts.map(() => Uint8Array.from({ length: size }, () => rng.int(256)));
  const count = counts.reduce((a, b) => a + b, 0);
  const x = new Uint8Array(count * size);
  const labels = new Int32Array(count);
  let n = 0;
  counts.forEach((k, c) => {
    for (let j = 0; j < k; j++, n++) {
      labels[n] = c;
      for (let i = 0; i < size; i++) x[n * size + i] = Math.min(255, (prototypes[c][i] >> 1) + rng.int(128));
    }
  });
  return { x, labels, count };
}

/** @param {import('@tensorflow/tfjs-layers').LayersModel} model */
async function snapshot(model) {
  const manifest = [];
  const parts = [];
  let offset = 0;
  for (const w of model.weights) {
    const values = /** @type {Float32Array} */ (await w.read().data());
    manifest.push({ name: w.originalName, shape: w.shape, trainable: w.trainable, offset });
    parts.push(values);
    offset += values.length;
  }
  const all = new Float32Array(offset);
  parts.forEach((p, i) => all.set(p, manifest[i].offset));
  return { manifest, values: all };
}

/** @param {ArrayBufferView} view */
function bytes(view) {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Writes the case for PyTorch into `dir`, then trains the TF.js model on the active backend.
 * @param {CaseSpec} spec
 * @param {string} dir
 * @returns {Promise<{ losses: number[], learningRates: number[] }>}
 */
export async function runTfjsCase(spec, dir) {
  await mkdir(dir, { recursive: true });
  const counts = longTailCounts({ maxCount: spec.maxCount, numClasses: spec.numClasses, imbalanceFactor: spec.imbalanceFactor });
  const train = longTailedImages(counts, spec.inputShape, spec.seed);
  const steps = batchStream(train, spec.inputShape, spec);
  const model = makeModel({ model: spec.model, inputShape: spec.inputShape, numClasses: spec.numClasses, method: spec.loss.type, seed: spec.seed });
  try {
    const init = await snapshot(model);
    let pixelOffset = 0;
    let labelOffset = 0;
    const stepList = steps.map((s) => {
      const entry = { epoch: s.epoch, batch: s.batch, count: s.count, pixelOffset, labelOffset };
      pixelOffset += s.x.length;
      labelOffset += s.count;
      return entry;
    });
    const pixels = new Uint8Array(pixelOffset);
    const labels = new Int32Array(labelOffset);
    steps.forEach((s, i) => {
      pixels.set(s.x, stepList[i].pixelOffset);
      labels.set(s.labels, stepList[i].labelOffset);
    });
    const result = await trainTfjs(model, train, { ...spec, sampleShape: spec.inputShape, samplesPerClass: counts });
    const final = await snapshot(model);
    const caseJson = {
      model: spec.model,
      inputShape: spec.inputShape,
      numClasses: spec.numClasses,
      loss: spec.loss,
      sampler: spec.sampler,
      samplesPerClass: counts,
      recipe: {
        epochs: spec.epochs,
        batchesPerEpoch: Math.ceil(train.count / spec.batchSize),
        learningRate: spec.learningRate,
        momentum: spec.momentum,
        weightDecay: spec.weightDecay,
        warmupEpochs: spec.warmupEpochs,
      },
      normalization: result.normalization,
      weights: init.manifest,
      steps: stepList,
    };
    await writeFile(join(dir, 'case.json'), JSON.stringify(caseJson));
    await writeFile(join(dir, 'init.bin'), bytes(init.values));
    await writeFile(join(dir, 'pixels.bin'), pixels);
    await writeFile(join(dir, 'labels.bin'), bytes(labels));
    await writeFile(join(dir, 'tfjs.json'), JSON.stringify({ losses: result.losses, learningRates: result.learningRates, weights: final.manifest }));
    await writeFile(join(dir, 'tfjs.bin'), bytes(final.values));
    // every state after every step, for the step-by-step (teacher-forced) comparison
    const states = new Float32Array(final.values.length * result.states.length);
    result.states.forEach((weights, k) => weights.forEach((values, i) => states.set(values, k * final.values.length + final.manifest[i].offset)));
    await writeFile(join(dir, 'tfjs-steps.bin'), bytes(states));
    return { losses: result.losses, learningRates: result.learningRates };
  } finally {
    model.dispose();
  }
}
