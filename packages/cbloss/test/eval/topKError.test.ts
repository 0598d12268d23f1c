import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDecodePool, type DecodePool } from '../../src/data/stream/decodePool.js';
import { evaluateStream } from '../../src/eval/evaluateStream.js';
import { topKError } from '../../src/eval/topKError.js';
import { tempDir } from '../data/tempDir.js';
import { jpegSplit, sampleJpegs } from '../data/stream/jpegFixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
const pools: DecodePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('topKError', () => {
  it('counts the samples whose class is not among their k best', () => {
    expect(topKError(Int32Array.from([2, 0]), Int32Array.from([1, 2, 1, 2]), 2)).toBe(50);
    expect(topKError(Int32Array.from([3, 3, 3]), Int32Array.from([3, 0, 1]), 1)).toBeCloseTo(200 / 3, 12);
    expect(topKError(Int32Array.from([0]), Int32Array.from([1, 2, 3, 4, 5]), 5)).toBe(100);
    expect(() => topKError(Int32Array.from([0, 1]), Int32Array.from([1, 2, 3]), 2)).toThrow(
      "topKError: 'ranked' must hold labels.length × k = 2 × 2 classes; got 3.",
    );
  });
});

describe('evaluateStream', () => {
  it('scores a streamed split: top-1 and top-5 from the logits, as computed here from the same logits', async () => {
    const classes = 7;
    const split = jpegSplit(tempDir(), 15, sampleJpegs(3), classes);
    const model = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [8, 8, 3] }), tfl.layers.dense({ units: classes, kernelInitializer: tfl.initializers.randomNormal({ seed: 3, stddev: 0.2 }) })],
    });
    const pool = createDecodePool(split, { transform: { mode: 'eval', size: 8 }, batchSize: 4, seed: 1, workers: 1, shuffle: false });
    pools.push(pool);
    const before = tf.memory().numTensors;
    const result = await evaluateStream(model, pool, { numClasses: classes, trainSamplesPerClass: [150, 50, 50, 10, 10, 10, 10] });
    expect(tf.memory().numTensors).toBe(before);
    // Reference: all logits at once, ranked in float64 here.
    const inputs: Float32Array[] = [];
    const again = createDecodePool(split, { transform: { mode: 'eval', size: 8 }, batchSize: 15, seed: 1, workers: 1, shuffle: false });
    pools.push(again);
    for await (const b of again.epoch(0)) inputs.push(b.x);
    const logits = tf.tidy(() => (model.predict(tf.tensor4d(inputs[0]!, [15, 8, 8, 3])) as tf.Tensor).arraySync() as number[][]);
    const labels = Array.from(split.labels);
    const rank = (row: number[]): number[] => row.map((v, c) => [v, c] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, c]) => c);
    const top1 = labels.filter((l, i) => rank(logits[i]!)[0] !== l).length;
    const top5 = labels.filter((l, i) => !rank(logits[i]!).slice(0, 5).includes(l)).length;
    expect(result.top1Error).toBeCloseTo((100 * top1) / 15, 10);
    expect(result.top5Error).toBeCloseTo((100 * top5) / 15, 10);
    expect(result.top5Error).toBeLessThanOrEqual(result.top1Error);
    expect(Array.from(result.labels)).toEqual(labels);
    // The literature's fixed thresholds: class 0 (150) many, 1–2 (50) medium, 3–6 (10) few.
    expect(result.shotAccuracy).toMatchObject({ manyAbove: 100, fewBelow: 20 });
    const acc = result.perClassAccuracy as number[];
    expect(result.shotAccuracy.many).toBeCloseTo(acc[0]!, 10);
    expect(result.shotAccuracy.few).toBeCloseTo((acc[3]! + acc[4]! + acc[5]! + acc[6]!) / 4, 10);
    expect(result.perClassAccuracy).toHaveLength(classes);
    model.dispose();
  });
});
