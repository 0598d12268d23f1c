import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { CblossError } from '../../src/CblossError.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSplit, predictClasses } from '../../src/eval/evaluate.js';
import { channelStats, normalizeBatch } from '../../src/eval/normalization.js';
import { buildModel } from '../../src/models/buildModel.js';
import type { DataSplit } from '../../src/types.js';

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

  it('rejects training counts of the wrong length', () => {
    const model = identityModel(3);
    const split: DataSplit = { x: new Float32Array(3), labels: new Int32Array([0]), count: 1 };
    expect(() => evaluateSplit(model, split, { sampleShape: [3], numClasses: 3, normalize: identity, trainSamplesPerClass: [1, 2] })).toThrow(
      /^evaluateSplit: 'trainSamplesPerClass' must have numClasses = 3 entries; got 2\.$/,
    );
    model.dispose();
  });
});
