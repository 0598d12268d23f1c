import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { CblossError } from '../../src/CblossError.js';
import { confusionMatrix, perClassAccuracy } from 'class-balanced-loss';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSplit, predictClasses } from '../../src/eval/evaluate.js';
import { channelStats, normalizeBatch } from '../../src/eval/normalization.js';
import { buildModel } from '../../src/models/buildModel.js';
import type { DataSplit } from '../../src/types.js';
import { isSparseConfusionMatrix, toDenseConfusionMatrix, type StoredConfusionMatrix } from '../../src/eval/storedConfusionMatrix.js';
import type { SparseConfusionMatrix } from '../../src/eval/sparseConfusionMatrix.js';
import { MANY_CLASS_FEATURES, manyClassModel, manyClassSplit } from './manyClasses.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A model whose logits are its (flattened) input: the predicted class is the arg-max of the sample. */
function identityModel(features: number): tfl.LayersModel {
  const input = tfl.input({ shape: [features] });
  const dense = tfl.layers.dense({ units: features, useBias: false, kernelInitializer: 'identity' });
  return tfl.model({ inputs: input, outputs: dense.apply(input) as tfl.SymbolicTensor });
}

const identity = (batch: tf.Tensor): tf.Tensor => batch;

describe('predictClasses', () => {
  it('returns the arg-max of each sample, across partial batches, without leaking tensors', () => {
    const model = identityModel(3);
    // Rows: argmax 2, 0, 1, 1, 0 (ties go to the lowest index: the last row).
    const x = new Float32Array([0, 1, 5, 9, -1, 2, 0, 3, 1, -5, 4, 0, 7, 7, 7]);
    const before = tf.memory().numTensors;
    for (const batchSize of [1, 2, 3, 256]) {
      expect(Array.from(predictClasses(model, x, 5, [3], identity, { batchSize }))).toEqual([2, 0, 1, 1, 0]);
    }
    // Only the first `count` samples are used.
    expect(Array.from(predictClasses(model, x, 2, [3], identity))).toEqual([2, 0]);
    expect(predictClasses(model, x, 0, [3], identity)).toEqual(new Int32Array(0));
    // logit offsets shift the argmax: adding 10 to class 1 makes it win everywhere
    expect(Array.from(predictClasses(model, x, 2, [3], identity, { logitOffsets: [0, 20, 0] }))).toEqual([1, 1]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('feeds uint8 images as float32 0..255 through normalize (and disposes what normalize makes)', () => {
    const model = identityModel(4);
    const x = new Uint8Array([255, 0, 0, 0, 0, 0, 3, 200]); // 2 samples of [2, 2, 1] → flattened by a reshape
    const seen: number[][] = [];
    const normalize = (batch: tf.Tensor): tf.Tensor => {
      expect(batch.dtype).toBe('float32');
      expect(batch.shape.slice(1)).toEqual([2, 2, 1]);
      seen.push(Array.from(batch.dataSync()));
      return tf.reshape(tf.sub(batch, 1), [batch.shape[0]!, 4]);
    };
    const before = tf.memory().numTensors;
    expect(Array.from(predictClasses(model, x, 2, [2, 2, 1], normalize, { batchSize: 1 }))).toEqual([0, 3]);
    expect(seen).toEqual([[255, 0, 0, 0], [0, 0, 3, 200]]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('works end to end with a real model and normalizeBatch, leaking nothing', () => {
    const model = buildModel('cnn', { inputShape: [8, 8, 1], numClasses: 4, finalBias: 'zero', seed: 3 });
    const x = Uint8Array.from({ length: 10 * 64 }, (_, i) => (i * 37) % 256);
    const stats = channelStats(x, 10, [8, 8, 1]);
    const before = tf.memory().numTensors;
    const a = predictClasses(model, x, 10, [8, 8, 1], (b) => normalizeBatch(b, stats), { batchSize: 4 });
    const b = predictClasses(model, x, 10, [8, 8, 1], (t) => normalizeBatch(t, stats), { batchSize: 10 });
    expect(tf.memory().numTensors).toBe(before);
    expect(a).toHaveLength(10);
    expect(Array.from(a)).toEqual(Array.from(b)); // batching does not change predictions
    expect(Array.from(a).every((c) => c >= 0 && c < 4)).toBe(true);
    model.dispose();
  });

  it('rejects bad arguments', () => {
    const model = identityModel(3);
    expect(() => predictClasses(model, new Float32Array(5), 2, [3], identity)).toThrow(
      /^predictClasses: 'x' must hold count × \[3\] = 6 values; got 5\.$/,
    );
    expect(() => predictClasses(model, new Float32Array(6), 2, [3], identity, { batchSize: 0 })).toThrow(/'batchSize' must be a positive integer; got 0/);
    expect(() => predictClasses(model, new Float32Array(6), 2, [3], identity, { logitOffsets: [1, 2] })).toThrow(
      "predictClasses: 'logitOffsets' must have one value per class (3); got 2 values.",
    );
    expect(() => predictClasses(model, new Float32Array(6), -1, [3], identity)).toThrow(CblossError);
    const before = tf.memory().numTensors;
    expect(() => predictClasses(model, new Float32Array(6), 2, [3], (t) => tf.reshape(t, [6]))).toThrow(
      /^predictClasses: 'normalize' must give the model's input shape \[null, 3\]; got \[6\]\.$/,
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('evaluateSplit', () => {
  it('scores a hand-made split: error, per-class accuracy, confusion matrix, shot groups', () => {
    const model = identityModel(3);
    // Predictions (arg-max of rows): 0, 0, 1, 2, 2, 2.
    const x = new Float32Array([1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    const split: DataSplit = { x, labels: new Int32Array([0, 1, 1, 2, 2, 0]), count: 6 };
    const before = tf.memory().numTensors;
    const result = evaluateSplit(model, split, {
      sampleShape: [3],
      numClasses: 3,
      normalize: identity,
      trainSamplesPerClass: [5000, 50, 10],
      batchSize: 4,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(result.predictions)).toEqual([0, 0, 1, 2, 2, 2]);
    // Wrong: sample 1 (1→0) and sample 5 (0→2): 2 of 6.
    expect(result.top1Error).toBeCloseTo(100 / 3, 10);
    expect(result.confusionMatrix).toEqual([
      [1, 0, 1],
      [1, 1, 0],
      [0, 0, 2],
    ]);
    expect(result.perClassAccuracy).toEqual([50, 50, 100]);
    // Default thresholds (max count ≥ 1000): many > 100, few < 20.
    expect(result.shotAccuracy).toEqual({ many: 50, medium: 50, few: 100, manyAbove: 100, fewBelow: 20 });
    model.dispose();
  });

  it('reports null accuracy for a class absent from the split', () => {
    const model = identityModel(3);
    const split: DataSplit = { x: new Float32Array([1, 0, 0, 0, 1, 0]), labels: new Int32Array([0, 1]), count: 2 };
    const result = evaluateSplit(model, split, { sampleShape: [3], numClasses: 3, normalize: identity, trainSamplesPerClass: [5000, 500, 10] });
    expect(result.top1Error).toBe(0);
    expect(result.perClassAccuracy).toEqual([100, 100, null]);
    expect(result.shotAccuracy.few).toBeNull();
    model.dispose();
  });

  it('keeps the confusion matrix of 5,000 classes to its nonzero cells: O(C + N) in memory and in JSON', () => {
    const classes = 5000;
    // 1,000 test samples: classes 0, 10, 20, ... 4990 twice (samples i and i + 500); the second sample of every other
    // class (i + 500 for odd i) is mistaken for the next class.
    const labels = Array.from({ length: 1000 }, (_, i) => (10 * i) % classes);
    const predicted = labels.map((c, i) => (i >= 500 && i % 2 === 1 ? (c + 1) % classes : c));
    const model = manyClassModel(classes);
    const trainSamplesPerClass = Array.from({ length: classes }, (_, c) => (c < 1000 ? 1000 : c < 3000 ? 50 : 5));
    const before = tf.memory().numTensors;
    const result = evaluateSplit(model, manyClassSplit(labels, predicted), { sampleShape: [MANY_CLASS_FEATURES], numClasses: classes, normalize: identity, trainSamplesPerClass });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    expect(Array.from(result.predictions)).toEqual(predicted);
    // Stored as its nonzero cells (at most one per sample), not 25 M dense cells: 250 classes with [c, c, 2], 250 with
    // [c, c, 1] and [c, c + 1, 1].
    expect(isSparseConfusionMatrix(result.confusionMatrix)).toBe(true);
    const sparse = result.confusionMatrix as SparseConfusionMatrix;
    expect(sparse.numClasses).toBe(classes);
    expect(sparse.entries).toHaveLength(250 + 2 * 250);
    // Class 30 (samples 3 and 503): once right, once taken for 31; class 20 (samples 2 and 502) right twice.
    expect(sparse.entries.filter(([t]) => t === 30 || t === 20)).toEqual([[20, 20, 2], [30, 30, 1], [30, 31, 1]]);
    // '[4990,4991,1],' is at most 15 characters: the JSON grows with the samples, not with C² (50 M characters dense).
    expect(JSON.stringify(result.confusionMatrix).length).toBeLessThan(15 * labels.length + 100);
    expect(sparse.entries.reduce((sum, [, , count]) => sum + count, 0)).toBe(1000);
    // Per-class accuracy, top-1 and the shot groups as before.
    expect(result.top1Error).toBe(25);
    // Computed here sample by sample: 50 for the classes with a mistake, 100 for the others, null for the unsampled.
    const right = new Array<number>(classes).fill(0);
    const total = new Array<number>(classes).fill(0);
    labels.forEach((c, i) => {
      total[c]!++;
      if (predicted[i] === c) right[c]!++;
    });
    const expected = total.map((n, c) => (n === 0 ? null : (100 * right[c]!) / n));
    expect(result.perClassAccuracy).toEqual(expected);
    expect(result.perClassAccuracy.filter((a) => a === 50)).toHaveLength(250);
    expect(result.perClassAccuracy.filter((a) => a === 100)).toHaveLength(250);
    expect(result.shotAccuracy).toEqual({ many: 75, medium: 75, few: 75, manyAbove: 100, fewBelow: 20 });
  });

  it('gives the same numbers whatever the stored format: dense up to 100 classes as before, sparse beyond', () => {
    // The same 101 samples scored as a 100-class and as a 101-class problem (class 100 has no sample).
    const labels = Array.from({ length: 100 }, (_, i) => (i * 7) % 100);
    const predicted = labels.map((c, i) => (i % 3 === 0 ? (c * 3) % 100 : c));
    const scored = (classes: number): { matrix: StoredConfusionMatrix; accuracy: (number | null)[]; top1: number } => {
      const model = manyClassModel(classes);
      const r = evaluateSplit(model, manyClassSplit(labels, predicted), {
        sampleShape: [MANY_CLASS_FEATURES], numClasses: classes, normalize: identity, trainSamplesPerClass: new Array<number>(classes).fill(10),
      });
      model.dispose();
      return { matrix: r.confusionMatrix, accuracy: r.perClassAccuracy, top1: r.top1Error };
    };
    const dense = scored(100);
    const sparse = scored(101);
    expect(isSparseConfusionMatrix(dense.matrix)).toBe(false);
    expect(isSparseConfusionMatrix(sparse.matrix)).toBe(true);
    expect(dense.matrix).toEqual(confusionMatrix(labels, predicted, 100));
    expect(toDenseConfusionMatrix(sparse.matrix).slice(0, 100).map((row) => row.slice(0, 100))).toEqual(dense.matrix);
    expect(sparse.accuracy).toEqual([...dense.accuracy, null]);
    expect(dense.accuracy).toEqual(perClassAccuracy(labels, predicted, 100));
    expect(sparse.top1).toBe(dense.top1);
  });

  it('rejects training counts of the wrong length', () => {
    const model = identityModel(3);
    const split: DataSplit = { x: new Float32Array(3), labels: new Int32Array([0]), count: 1 };
    expect(() => evaluateSplit(model, split, { sampleShape: [3], numClasses: 3, normalize: identity, trainSamplesPerClass: [1, 2] })).toThrow(
      /^evaluateSplit: 'trainSamplesPerClass' must have numClasses = 3 entries; got 2\.$/,
    );
    model.dispose();
  });
});
