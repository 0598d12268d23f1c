#!/usr/bin/env node
// @ts-check
// Issue 14's open question, measured: do the two known differences between cbloss's ResNets and a PyTorch ResNet
// explain a CB-focal-vs-softmax gap?
//   1. initialiser: tfjs-layers' heNormal draws a normal truncated at 2σ without rescaling (std ≈ 0.88·√(2/fan_in));
//      PyTorch's kaiming_normal_ is not truncated (std √(2/fan_in));
//   2. batch-norm moving variance: TF.js updates it with the biased batch variance, PyTorch with the unbiased one
//      (×n/(n − 1), n = batch × height × width of the layer).
//
//   node bench/parity/initExperiment.mjs [--seeds 1,2,3] [--epochs 8] [--max-count 1000] [--model resnet20]
//        [--test-per-class 300] [--losses softmax,cb-focal] [--backend libtorch] [--threads 1] [--json FILE]
//
// Long-tailed Fashion-MNIST (imbalance factor 100, the first --max-count images of the head class; the subset is
// fixed, seed 1), trained with cbloss's trainer and the paper's recipe (SGD 0.9, batch 128, weight decay 2e-4,
// lr 0.1 with the linear warm-up capped at a tenth of the run, ×0.01 at 80 % and 90 %), for each seed × loss ×
// initialiser: `tfjs` (buildModel's own heNormal) and `pytorch` (every conv and dense kernel redrawn from the
// untruncated N(0, 2/fan_in), seeded). Each trained model is evaluated on a class-balanced test subset twice: with
// its moving variances as trained (TF.js's biased convention) and as PyTorch's convention would have them
// (×n/(n − 1) per layer). Prints a markdown table per run and the means over seeds; --json writes every figure.
// Run it at nice 19 on a shared machine.
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { createLoss, resolveMethod } from 'class-balanced-loss';
import {
  buildModel,
  channelStats,
  createRng,
  evaluateSplit,
  loadDataset,
  makeLongTailed,
  normalizeBatch,
  selectBackend,
  subsetSplit,
  trainModel,
  weightDecayVariables,
} from 'cbloss';

/** The two losses compared in the issue: softmax, and CB focal as in its CIFAR runs (β 0.9999, γ 1). */
const LOSSES = Object.freeze({
  softmax: { method: 'softmax', beta: 0 },
  'cb-focal': { method: 'focal', beta: 0.9999, gamma: 1 },
});
const INITIALISERS = Object.freeze(['tfjs', 'pytorch']);
const RECIPE = Object.freeze({ batchSize: 128, learningRate: 0.1, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 5 });

/** @param {string[]} argv */
function parseArgs(argv) {
  const a = { seeds: [1, 2, 3], epochs: 8, maxCount: 1000, model: 'resnet20', testPerClass: 300, losses: Object.keys(LOSSES), backend: 'libtorch', threads: 1, json: /** @type {string | undefined} */ (undefined) };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`initExperiment.mjs: '${k}' must have a value; got none.`);
      return x;
    };
    /** @type {(x: string) => number} */
    const int = (x) => {
      const n = Number(x);
      if (!Number.isInteger(n) || n < 1) throw new Error(`initExperiment.mjs: '${k}' must be a positive integer; got ${x}.`);
      return n;
    };
    if (k === '--seeds') a.seeds = v().split(',').map(int);
    else if (k === '--epochs') a.epochs = int(v());
    else if (k === '--max-count') a.maxCount = int(v());
    else if (k === '--test-per-class') a.testPerClass = int(v());
    else if (k === '--threads') a.threads = int(v());
    else if (k === '--model') a.model = v();
    else if (k === '--backend') a.backend = v();
    else if (k === '--json') a.json = v();
    else if (k === '--losses') {
      a.losses = v().split(',');
      for (const l of a.losses) if (!(l in LOSSES)) throw new Error(`initExperiment.mjs: '--losses' must list ${Object.keys(LOSSES).join(', ')}; got '${l}'.`);
    } else throw new Error(`initExperiment.mjs: unknown option '${k}'; valid: --seeds, --epochs, --max-count, --model, --test-per-class, --losses, --backend, --threads, --json.`);
  }
  return a;
}

/**
 * The trainable conv and dense kernels (not the frozen option-A shortcuts, biases or batch-norm parameters), each
 * with He's std √(2/fan_in): fan_in = h·w·in for an HWIO kernel, in for a dense [in, out] one.
 * @param {import('@tensorflow/tfjs-layers').LayersModel} model
 */
function heKernels(model) {
  return model.trainableWeights
    .filter((w) => w.originalName.endsWith('/kernel') && w.shape.length >= 2)
    .map((w) => {
      const shape = /** @type {number[]} */ (w.shape);
      const fanIn = shape.slice(0, -1).reduce((p, q) => p * q, 1);
      return { w, shape, size: fanIn * (shape[shape.length - 1] ?? 1), std: Math.sqrt(2 / fanIn) };
    });
}

/**
 * The mean over the kernels of (sample std / √(2/fan_in)): measured, 0.88 expected for a normal truncated at 2σ
 * without rescaling, 1 for an untruncated one.
 * @param {import('@tensorflow/tfjs-layers').LayersModel} model
 */
function heStdRatio(model) {
  return mean(heKernels(model).map(({ w, std }) => sampleStd(/** @type {Float32Array} */ (w.read().dataSync())) / std));
}

/**
 * Redraws every kernel of {@link heKernels} from the untruncated N(0, 2/fan_in), PyTorch's `kaiming_normal_`
 * (seeded from `seed`).
 * @param {import('@tensorflow/tfjs-layers').LayersModel} model
 * @param {number} seed
 */
function kaimingNormal(model, seed) {
  const rng = createRng(seed).fork('kaiming-normal');
  for (const { w, shape, size, std } of heKernels(model)) {
    const fresh = tf.tensor(Float32Array.from({ length: size }, () => std * rng.normal()), shape);
    w.write(fresh);
    fresh.dispose();
  }
}

/**
 * How much the kernels' scale alone changes the training-mode forward pass: the logits of one batch with the model
 * as built and with every He-initialised kernel except the final layer's multiplied by `factor` (batch norm follows
 * each of them, and normalises a kernel's scale away up to its ε); returns max |Δlogits| / max |logits|. Then the same
 * with the final layer's kernel scaled too (nothing normalises it).
 * @param {import('@tensorflow/tfjs-layers').LayersModel} model
 * @param {tf.Tensor} batch normalised inputs [B, H, W, C]
 * @param {number} factor
 */
function scaleSensitivity(model, batch, factor) {
  const logits = () => /** @type {tf.Tensor} */ (model.apply(batch, { training: true }));
  const kernels = heKernels(model);
  const base = logits();
  const scaleAll = (/** @type {boolean} */ withFinal, /** @type {number} */ f) => {
    for (const { w } of kernels) {
      if (!withFinal && w.originalName.startsWith('logits/')) continue;
      const scaled = tf.mul(w.read(), f);
      w.write(scaled);
      scaled.dispose();
    }
  };
  const gap = (/** @type {boolean} */ withFinal) => {
    scaleAll(withFinal, factor);
    const other = logits();
    const relative = tf.tidy(() => tf.max(tf.abs(tf.sub(other, base))).dataSync()[0] / tf.max(tf.abs(base)).dataSync()[0]);
    other.dispose();
    scaleAll(withFinal, 1 / factor);
    return relative;
  };
  const result = { hidden: gap(false), withFinal: gap(true) };
  base.dispose();
  return result;
}

/** @param {ArrayLike<number>} v */
function sampleStd(v) {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i];
    s2 += v[i] * v[i];
  }
  const mean = s / v.length;
  return Math.sqrt(s2 / v.length - mean * mean);
}

/**
 * Multiplies every batch norm's moving variance by `factor(n)`, n = batch × the layer's output height × width (what
 * one batch's variance is computed over); returns a function that restores them.
 * @param {import('@tensorflow/tfjs-layers').LayersModel} model
 * @param {number} batchSize
 */
function unbiasMovingVariances(model, batchSize) {
  const saved = [];
  let largest = 1;
  for (const layer of model.layers) {
    const variance = layer.weights.find((w) => w.originalName.endsWith('/moving_variance'));
    if (variance === undefined) continue;
    const shape = /** @type {number[]} */ (layer.outputShape);
    const n = batchSize * (shape[1] ?? 1) * (shape[2] ?? 1);
    const factor = n / (n - 1);
    largest = Math.max(largest, factor);
    const old = variance.read().clone();
    saved.push({ variance, old });
    const scaled = tf.mul(old, factor);
    variance.write(scaled);
    scaled.dispose();
  }
  return {
    largest,
    restore: () => {
      for (const { variance, old } of saved) {
        variance.write(old);
        old.dispose();
      }
    },
  };
}

/** The first `perClass` test images of each class: a class-balanced test set, so its error is the balanced error. */
function balancedTest(/** @type {import('cbloss').DataSplit} */ test, /** @type {number} */ numClasses, /** @type {number} */ perClass, /** @type {number} */ sampleSize) {
  const taken = new Array(numClasses).fill(0);
  const indices = [];
  for (let i = 0; i < test.count; i++) {
    const c = /** @type {number} */ (test.labels[i]);
    if (taken[c] < perClass) {
      taken[c]++;
      indices.push(i);
    }
  }
  return subsetSplit(test, indices, sampleSize);
}

/** @param {number[]} xs */
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** @param {number[]} xs */
const sd = (xs) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { backend } = await selectBackend(/** @type {any} */ (args.backend), { threads: args.threads });
  const data = await loadDataset('fashion-mnist');
  const sampleShape = [...data.sampleShape];
  const sampleSize = sampleShape.reduce((p, q) => p * q, 1);
  const lt = makeLongTailed(data.train, data.numClasses, { imbalanceFactor: 100, seed: 1, maxCount: args.maxCount, sampleSize });
  const test = balancedTest(data.test, data.numClasses, args.testPerClass, sampleSize);
  const train = lt.split;
  const normalization = channelStats(train.x, train.count, sampleShape);
  const normalize = (/** @type {tf.Tensor} */ x) => normalizeBatch(x, normalization);
  console.log(
    `Fashion-MNIST, imbalance factor 100, ${train.count} training images (${lt.samplesPerClass.join('/')}), ${test.count} test images (${args.testPerClass} per class); ` +
      `${args.model}, ${args.epochs} epochs, batch ${RECIPE.batchSize}, backend ${backend}, seeds ${args.seeds.join(',')}`,
  );
  {
    // batch norm makes the forward pass blind to the hidden kernels' scale: what the 0.88 can still change is the
    // final layer's logits and the step sizes (a scale-invariant weight of norm r moves by lr·g/r² in angle)
    const probe = buildModel(/** @type {any} */ (args.model), { inputShape: sampleShape, numClasses: data.numClasses, finalBias: 'zero', seed: 1 });
    const n = Math.min(RECIPE.batchSize, train.count);
    const batch = tf.tidy(() => normalize(tf.tensor(train.x.subarray(0, n * sampleSize), [n, ...sampleShape], 'float32')));
    const sensitivity = scaleSensitivity(probe, batch, 1 / 0.88);
    tf.dispose([batch]);
    probe.dispose();
    console.log(
      `Training-mode logits of one batch with every hidden kernel ×1/0.88: max change ${sensitivity.hidden.toExponential(1)} of the largest logit; ` +
        `with the final layer's kernel too: ${sensitivity.withFinal.toExponential(1)}.`,
    );
  }
  console.log('| seed | loss | init | kernel std / √(2/fan_in) | test error, TF.js moving variance | with PyTorch\'s (unbiased) | minutes |');
  console.log('|---|---|---|---|---|---|---|');
  const runs = [];
  for (const seed of args.seeds) {
    for (const lossId of args.losses) {
      const { method, ...lossOptions } = LOSSES[/** @type {keyof typeof LOSSES} */ (lossId)];
      for (const init of INITIALISERS) {
        const started = performance.now();
        const resolved = resolveMethod(method);
        const model = buildModel(/** @type {any} */ (args.model), { inputShape: sampleShape, numClasses: data.numClasses, finalBias: resolved.finalBias, seed });
        try {
          if (init === 'pytorch') kaimingNormal(model, seed);
          const stdRatio = heStdRatio(model);
          const loss = createLoss(/** @type {any} */ (method), { samplesPerClass: lt.samplesPerClass, ...lossOptions });
          await trainModel({
            model,
            train,
            sampleShape,
            loss: /** @type {any} */ (loss),
            onEpochStart: (epoch) => loss.setEpoch(epoch),
            toInput: (x, count) => tf.tidy(() => normalize(tf.tensor(x, [count, ...sampleShape], 'float32'))),
            epochs: args.epochs,
            ...RECIPE,
            weightDecayVariables: weightDecayVariables(model, resolved.finalBias),
            augment: false,
            sampler: 'instance',
            seed,
            log: () => {},
            progressBar: false,
          });
          const evaluate = () => evaluateSplit(model, test, { sampleShape, numClasses: data.numClasses, normalize, trainSamplesPerClass: lt.samplesPerClass }).top1Error;
          const biased = evaluate();
          const unbiasing = unbiasMovingVariances(model, RECIPE.batchSize);
          const unbiased = evaluate();
          unbiasing.restore();
          const minutes = (performance.now() - started) / 60000;
          runs.push({ seed, loss: lossId, init, kernelStdRatio: stdRatio, testError: biased, testErrorUnbiasedVariance: unbiased, largestVarianceFactor: unbiasing.largest, minutes });
          console.log(`| ${seed} | ${lossId} | ${init} | ${stdRatio.toFixed(3)} | ${biased.toFixed(2)} | ${unbiased.toFixed(2)} | ${minutes.toFixed(1)} |`);
          if (args.json) await writeFile(args.json, JSON.stringify({ args, backend, samplesPerClass: lt.samplesPerClass, testCount: test.count, runs }, null, 1));
        } finally {
          model.dispose();
        }
      }
    }
  }
  console.log('\n| loss | init | test error: mean ± sd over seeds | with unbiased moving variance |');
  console.log('|---|---|---|---|');
  for (const lossId of args.losses) {
    for (const init of INITIALISERS) {
      const these = runs.filter((r) => r.loss === lossId && r.init === init);
      const e = these.map((r) => r.testError);
      const u = these.map((r) => r.testErrorUnbiasedVariance);
      console.log(`| ${lossId} | ${init} | ${mean(e).toFixed(2)} ± ${sd(e).toFixed(2)} | ${mean(u).toFixed(2)} ± ${sd(u).toFixed(2)} |`);
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
