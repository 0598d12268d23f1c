import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelStats, normalizeBatch } from '../../src/eval/normalization.js';
import { createRng } from '../../src/util/rng.js';
import { CblossError } from '../../src/CblossError.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Naive reference: gather each channel into a list, then textbook mean and population std. */
function naiveStats(x: ArrayLike<number>, channels: number, scale: number): { mean: number[]; std: number[] } {
  const lists: number[][] = Array.from({ length: channels }, () => []);
  for (let i = 0; i < x.length; i++) lists[i % channels]!.push(x[i]! * scale);
  const mean = lists.map((l) => l.reduce((a, b) => a + b, 0) / l.length);
  const std = lists.map((l, c) => Math.sqrt(l.reduce((a, v) => a + (v - mean[c]!) ** 2, 0) / l.length));
  return { mean, std };
}

describe('channelStats', () => {
  it('matches a naive computation on random images (per channel, x/255)', () => {
    const rng = createRng(7);
    const x = Uint8Array.from({ length: 5 * 4 * 3 * 3 }, () => rng.int(256));
    const stats = channelStats(x, 5, [4, 3, 3]);
    const ref = naiveStats(x, 3, 1 / 255);
    expect(stats.scale).toBeCloseTo(1 / 255, 15);
    stats.mean.forEach((m, c) => expect(m).toBeCloseTo(ref.mean[c]!, 12));
    stats.std.forEach((s, c) => expect(s).toBeCloseTo(ref.std[c]!, 12));
  });

  it('matches a naive computation on tabular data (per feature, unscaled) and ignores extra samples', () => {
    const rng = createRng(8);
    const x = Float32Array.from({ length: 7 * 4 }, () => rng.normal() * 3 + 10);
    const stats = channelStats(x, 6, [4]);
    const ref = naiveStats(x.subarray(0, 24), 4, 1);
    expect(stats.scale).toBe(1);
    stats.mean.forEach((m, c) => expect(m).toBeCloseTo(ref.mean[c]!, 10));
    stats.std.forEach((s, c) => expect(s).toBeCloseTo(ref.std[c]!, 10));
  });

  it('keeps the variance when the mean is huge (two-pass, float64)', () => {
    // Values 1e7 + {0, 1}: variance 0.25 exactly; the one-pass E[x²]-E[x]² loses it in float32 and is fragile in float64.
    const x = Float32Array.from({ length: 1000 }, (_, i) => 1e7 + (i % 2));
    const stats = channelStats(x, 1000, [1]);
    expect(stats.mean[0]).toBeCloseTo(1e7 + 0.5, 6);
    expect(stats.std[0]).toBeCloseTo(0.5, 10);
  });

  it('gives golden values on a hand-made case; a constant channel gets std 1', () => {
    const stats = channelStats(new Uint8Array([0, 255, 255, 255]), 2, [1, 1, 2]);
    expect(stats.mean).toEqual([0.5, 1]);
    expect(stats.std[0]).toBeCloseTo(0.5, 15);
    expect(stats.std[1]).toBe(1);
  });

  it('rejects bad arguments with CblossError', () => {
    expect(() => channelStats(new Uint8Array(3), 2, [2])).toThrow(CblossError);
    expect(() => channelStats(new Uint8Array(3), 2, [2])).toThrow(/channelStats: 'x' must hold count × \[2\] = 4 values; got 3\./);
    expect(() => channelStats(new Uint8Array(3), 0, [1])).toThrow(/'count' must be a positive integer; got 0/);
    expect(() => channelStats(new Uint8Array(3), 1, [])).toThrow(/'sampleShape'/);
  });
});

describe('normalizeBatch', () => {
  it('standardises images to zero mean and unit std per channel, from int32 pixels', () => {
    const rng = createRng(9);
    const x = Uint8Array.from({ length: 6 * 2 * 2 * 3 }, () => rng.int(256));
    const stats = channelStats(x, 6, [2, 2, 3]);
    const before = tf.memory().numTensors;
    const batch = tf.tensor(x, [6, 2, 2, 3], 'int32');
    const y = normalizeBatch(batch, stats);
    expect(y.dtype).toBe('float32');
    expect(y.shape).toEqual([6, 2, 2, 3]);
    const flat = tf.reshape(y, [-1, 3]);
    const { mean, variance } = tf.moments(flat, 0);
    mean.dataSync().forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-5));
    variance.dataSync().forEach((v) => expect(v).toBeCloseTo(1, 4));
    tf.dispose([batch, y, flat, mean, variance]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives golden values and accepts float32 tabular batches', () => {
    const img = tf.tensor([0, 255], [2, 1], 'int32');
    const y = normalizeBatch(img, { mean: [0.5], std: [0.25], scale: 1 / 255 });
    const yv = Array.from(y.dataSync());
    expect(yv[0]).toBeCloseTo(-2, 6);
    expect(yv[1]).toBeCloseTo(2, 6);
    const tab = tf.tensor2d([[1, 10], [3, 30]]);
    const z = normalizeBatch(tab, { mean: [2, 20], std: [1, 10], scale: 1 });
    expect(Array.from(z.dataSync())).toEqual([-1, -1, 1, 1]);
    tf.dispose([img, y, tab, z]);
  });

  it('rejects a channel mismatch', () => {
    const t = tf.zeros([2, 3]);
    expect(() => normalizeBatch(t, { mean: [0, 0], std: [1, 1], scale: 1 })).toThrow(
      /normalizeBatch: 'batch' must have 2 channels in its last axis \(as 'stats'\); got shape \[2, 3\]\./,
    );
    t.dispose();
  });
});
