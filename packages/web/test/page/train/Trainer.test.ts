import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, priorBias } from 'class-balanced-loss';
import { beforeAll, describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../../src/page/data/stratifiedSplit.js';
import { createMethodLoss, METHODS } from '../../../src/page/methods.js';
import { buildModel } from '../../../src/page/model/buildModel.js';
import { Trainer, type EpochRecord } from '../../../src/page/train/Trainer.js';

// A long-tailed, easy table: 3 classes of 60, 15, 5 points around (±2, 0), (0, 2) in 2-D.
const COUNTS = [60, 15, 5];
const CENTERS = [[2, 0], [-2, 0], [0, 2]];
function makeTable(): { x: Float32Array; labels: Int32Array } {
  const rng = createRng(3);
  const labels = Int32Array.from(COUNTS.flatMap((n, c) => new Array<number>(n).fill(c)));
  const x = Float32Array.from([...labels].flatMap((c) => (CENTERS[c] as number[]).map((v) => v + (rng.next() - 0.5))));
  return { x, labels };
}

async function trainRun(stopAfterBatches?: number): Promise<{ history: EpochRecord[]; outcomes: string[]; predictions: Int32Array }> {
  const { x, labels } = makeTable();
  const split = stratifiedSplit(labels, 3, 0.2, 1);
  const trainCounts = [0, 1, 2].map((c) => split.train.filter((i) => labels[i] === c).length);
  const xs = tf.tensor2d(x, [labels.length, 2]);
  const model = buildModel({ sampleShape: [2], numClasses: 3, finalBias: 'prior', seed: 5 });
  const loss = createMethodLoss('focal', { samplesPerClass: trainCounts, beta: 0.99, parameters: { gamma: 1 } });
  const trainer = new Trainer(model, loss, { x: xs, labels, train: split.train, test: split.test }, { batchSize: 16, learningRate: 0.01, seed: 9 });
  const outcomes: string[] = [];
  let seen = 0;
  outcomes.push(await trainer.train(4, { onBatch: () => (++seen === stopAfterBatches ? trainer.stop() : undefined) }));
  if (outcomes[0] === 'stopped') outcomes.push(await trainer.train(4));
  const predictions = await trainer.predict(split.test);
  trainer.dispose();
  model.dispose();
  xs.dispose();
  return { history: trainer.history, outcomes, predictions };
}

describe('Trainer (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('learns an easy long-tailed table: held-out error falls, every class is recognised', async () => {
    const { history, outcomes } = await trainRun();
    expect(outcomes).toEqual(['done']);
    expect(history.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    const first = history[0] as EpochRecord;
    const last = history[3] as EpochRecord;
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.testError).toBeLessThanOrEqual(10);
    expect(last.perClass.every((a) => a !== null && a >= 50)).toBe(true);
    for (const record of history) {
      expect(record.trainAccuracy).toBeGreaterThanOrEqual(0);
      expect(record.learningRate).toBe(0.01);
      expect(record.imagesPerSecond).toBeGreaterThan(0);
    }
  });

  it('stopped after any batch and continued, it gives exactly the uninterrupted run', async () => {
    const straight = await trainRun();
    for (const stopAt of [1, 7]) {
      // 64 training rows, batch 16: 4 batches per epoch; batch 7 is in the middle of epoch 2
      const resumed = await trainRun(stopAt);
      expect(resumed.outcomes).toEqual(['stopped', 'done']);
      expect(resumed.history.map((r) => [r.loss, r.testError, r.perClass])).toEqual(straight.history.map((r) => [r.loss, r.testError, r.perClass]));
      expect([...resumed.predictions]).toEqual([...straight.predictions]);
    }
  });

  it('tells the loss each epoch, so that deferred re-weighting switches on at its epoch', async () => {
    const { x, labels } = makeTable();
    const split = stratifiedSplit(labels, 3, 0.2, 1);
    const xs = tf.tensor2d(x, [labels.length, 2]);
    const model = buildModel({ sampleShape: [2], numClasses: 3, finalBias: 'zero', seed: 5 });
    const loss = createMethodLoss('softmax', { samplesPerClass: COUNTS, beta: 0.99, drwEpoch: 2 });
    const trainer = new Trainer(model, loss, { x: xs, labels, train: split.train, test: split.test }, { batchSize: 32, learningRate: 0.01, seed: 9 });
    const weightsSeen: (readonly number[])[] = [];
    await trainer.train(3, { onBatch: (_epoch, batch) => (batch === 1 ? weightsSeen.push(loss.weights) : undefined) });
    expect(weightsSeen).toEqual([[1, 1, 1], [1, 1, 1], loss.classWeights]); // epochs 1 and 2 unweighted, 3 weighted
    trainer.dispose();
    model.dispose();
    xs.dispose();
  });

  it('trains every method of the registry, with the last layer and bias its entry asks for', async () => {
    const { x, labels } = makeTable();
    const split = stratifiedSplit(labels, 3, 0.2, 1);
    const trainCounts = [0, 1, 2].map((c) => split.train.filter((i) => labels[i] === c).length);
    const xs = tf.tensor2d(x, [labels.length, 2]);
    for (const method of METHODS) {
      const model = buildModel({ sampleShape: [2], numClasses: 3, finalBias: method.finalBias, classifier: method.classifier, seed: 5 });
      const trainer = new Trainer(model, createMethodLoss(method.name, { samplesPerClass: trainCounts, beta: 0.99 }), { x: xs, labels, train: split.train, test: split.test }, { batchSize: 16, learningRate: 0.01, seed: 9 });
      expect(await trainer.train(3), method.name).toBe('done');
      const history = trainer.history;
      expect(history.every((r) => Number.isFinite(r.loss)), method.name).toBe(true);
      expect((history[2] as EpochRecord).loss, method.name).toBeLessThan((history[0] as EpochRecord).loss);
      trainer.dispose();
      model.dispose();
    }
    xs.dispose();
  });

  it('leaves no tensor behind once the trainer, the model and the data are disposed', async () => {
    await trainRun(); // first run registers kernels and caches
    const before = tf.memory().numTensors;
    await trainRun(3);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('buildModel', () => {
  it('outputs logits for C classes, with the prior bias for sigmoid/focal and 0 otherwise', () => {
    const prior = buildModel({ sampleShape: [8, 8, 3], numClasses: 4, finalBias: 'prior', seed: 1 });
    const zero = buildModel({ sampleShape: [5], numClasses: 4, finalBias: 'zero', seed: 1 });
    expect(prior.outputs[0]?.shape).toEqual([null, 4]);
    expect(zero.outputs[0]?.shape).toEqual([null, 4]);
    const bias = (model: typeof prior) => [...(model.getLayer('logits').getWeights()[1]?.dataSync() ?? [])];
    expect(bias(prior)).toEqual(new Array(4).fill(Math.fround(priorBias(4))));
    expect(bias(zero)).toEqual([0, 0, 0, 0]);
    expect(prior.layers.some((l) => l.getClassName() === 'Conv2D')).toBe(true);
    expect(zero.layers.some((l) => l.getClassName() === 'Conv2D')).toBe(false);
    prior.dispose();
    zero.dispose();
  });

  it('saves and loads back (what the page exports), prior-bias initializer included', async () => {
    const model = buildModel({ sampleShape: [3], numClasses: 3, finalBias: 'prior', seed: 2 });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const x = tf.tensor2d([[0.5, -1, 2]]);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect([...b.dataSync()]).toEqual([...a.dataSync()]);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('ends in a cosine classifier when the method asks for one: logits in [-1, 1], no bias, saved and loaded back', async () => {
    const model = buildModel({ sampleShape: [3], numClasses: 4, finalBias: 'zero', classifier: 'cosine', seed: 2 });
    const last = model.getLayer('logits');
    expect(last.getClassName()).toBe('CblossCosineDense');
    expect(last.getWeights().map((w) => w.shape)).toEqual([[64, 4]]); // a kernel, no bias
    const x = tf.tensor2d([[0.5, -1, 2], [10, 20, -30]]);
    const logits = model.predict(x) as tf.Tensor;
    expect(logits.shape).toEqual([2, 4]);
    expect([...logits.dataSync()].every((v) => v >= -1 - 1e-6 && v <= 1 + 1e-6)).toBe(true);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const again = loaded.predict(x) as tf.Tensor;
    expect([...again.dataSync()]).toEqual([...logits.dataSync()]);
    tf.dispose([x, logits, again]);
    model.dispose();
    loaded.dispose();
  });

  it('is reproducible from its seed', () => {
    const weights = (seed: number) => {
      const model = buildModel({ sampleShape: [3], numClasses: 2, finalBias: 'zero', seed });
      const values = model.getWeights().map((w) => [...w.dataSync()]);
      model.dispose();
      return values;
    };
    expect(weights(4)).toEqual(weights(4));
    expect(weights(4)).not.toEqual(weights(5));
  });
});
