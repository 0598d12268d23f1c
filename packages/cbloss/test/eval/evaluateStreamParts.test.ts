import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDecodePool, type DecodePool } from '../../src/data/stream/decodePool.js';
import type { StreamSplit } from '../../src/data/stream/StreamDataset.js';
import { evaluateStream } from '../../src/eval/evaluateStream.js';
import { evaluateStreamParts, type StreamPartsEvaluation } from '../../src/eval/evaluateStreamParts.js';
import { put, tempDir } from '../data/tempDir.js';
import { inProcessGroup } from '../distributed/inProcessGroup.js';
import { jpegSplit, sampleJpegs } from '../data/stream/jpegFixtures.js';

// The ranks of a data-parallel group, simulated in this process (inProcessGroup: the sums of c10d, without sockets),
// each with its own decode pool on its part; compared with one process evaluating the whole split.

beforeAll(async () => {
  await tf.setBackend('cpu');
});
const pools: DecodePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const CLASSES = 7;
const TRAIN_COUNTS = [150, 50, 50, 10, 10, 10, 10];
const open =
  (skipBadImages = false) =>
  (split: StreamSplit): DecodePool => {
    const pool = createDecodePool(split, { transform: { mode: 'eval', size: 8 }, batchSize: 4, seed: 1, workers: 1, shuffle: false, skipBadImages });
    pools.push(pool);
    return pool;
  };
const model = tfl.sequential({
  layers: [tfl.layers.flatten({ inputShape: [8, 8, 3] }), tfl.layers.dense({ units: CLASSES, kernelInitializer: tfl.initializers.randomNormal({ seed: 3, stddev: 0.2 }) })],
});
const options = { numClasses: CLASSES, trainSamplesPerClass: TRAIN_COUNTS };

/** Every rank's evaluateStreamParts, run together. */
function evaluateOnRanks(worldSize: number, split: StreamSplit, skipBadImages = false): Promise<StreamPartsEvaluation[]> {
  return Promise.all(inProcessGroup(worldSize).map((dp) => evaluateStreamParts(dp, model, split, open(skipBadImages), options)));
}

describe('evaluateStreamParts', () => {
  it('2 ranks with parts of 7 and 8 images: rank 0 gets the labels, predictions and metrics of one process, in the split’s order; no tensor leaks', async () => {
    const split = jpegSplit(tempDir(), 15, sampleJpegs(5), CLASSES);
    const alone = await evaluateStream(model, open()(split), options);
    const before = tf.memory().numTensors;
    const [zero, one] = await evaluateOnRanks(2, split);
    expect(tf.memory().numTensors).toBe(before);
    expect(one).toEqual({ evaluation: undefined, skipped: [] });
    expect(zero!.skipped).toEqual([]);
    const got = zero!.evaluation!;
    // Labels i % 7 in split order: a part gathered at another offset (or the parts swapped) reorders them.
    expect(Array.from(got.labels)).toEqual(Array.from(split.labels));
    expect(Array.from(got.predictions)).toEqual(Array.from(alone.predictions));
    expect(got).toEqual(alone);
    // The model predicts more than one class, so the predictions' order says something.
    expect(new Set(alone.predictions).size).toBeGreaterThan(1);
  });

  it('3 ranks on 2 images: the rank without a part opens no pool and still takes part; the same result', async () => {
    const split = jpegSplit(tempDir(), 2, sampleJpegs(2), CLASSES);
    const alone = await evaluateStream(model, open()(split), options);
    const opened = pools.length;
    const results = await evaluateOnRanks(3, split);
    expect(pools.length - opened).toBe(2);
    expect(results[0]!.evaluation).toEqual(alone);
    expect(results.slice(1).map((r) => r.evaluation)).toEqual([undefined, undefined]);
  });

  it('an unreadable image in rank 1’s part with skipBadImages: left out as in one process, and named on rank 0', async () => {
    const dir = tempDir();
    const good = jpegSplit(dir, 9, sampleJpegs(4), CLASSES);
    // Position 6 of 9: rank 1's part [4, 9).
    const broken = put(dir, 'img/broken.jpg', readFileSync(good.paths[6]!).subarray(0, 40));
    const split: StreamSplit = { ...good, paths: good.paths.map((p, i) => (i === 6 ? broken : p)) };
    const alone = await evaluateStream(model, open(true)(split), options);
    expect(alone.labels).toHaveLength(8);
    const [zero, one] = await evaluateOnRanks(2, split, true);
    expect(zero!.evaluation).toEqual(alone);
    expect(zero!.skipped).toEqual([broken]);
    expect(one!.skipped).toEqual([broken]); // rank 1's own
    // Without skipBadImages the rank whose part holds the file fails, naming it.
    const [, second] = inProcessGroup(2);
    await expect(evaluateStreamParts(second!, model, split, open(), options)).rejects.toThrow(broken);
  });

  it('with batch norm, every rank evaluates rank 0’s moving statistics (the saved model’s), and keeps its own afterwards', async () => {
    // The same trainable weights on both ranks (as data-parallel training keeps them), different moving statistics.
    const bnModel = (): tfl.Sequential =>
      tfl.sequential({
        layers: [
          tfl.layers.flatten({ inputShape: [8, 8, 3] }),
          tfl.layers.dense({ units: 12, kernelInitializer: tfl.initializers.randomNormal({ seed: 5, stddev: 0.3 }) }),
          tfl.layers.batchNormalization(),
          tfl.layers.dense({ units: CLASSES, kernelInitializer: tfl.initializers.randomNormal({ seed: 6, stddev: 0.5 }) }),
        ],
      });
    const models = [bnModel(), bnModel()];
    const statistics = (m: tfl.LayersModel): number[][] => m.nonTrainableWeights.map((w) => Array.from(w.read().dataSync()));
    const bn = models[1]!.layers[2]!;
    const [gamma, beta] = bn.getWeights();
    const shifted = [tf.tensor1d(Array.from({ length: 12 }, (_, i) => (i % 3) - 1)), tf.tensor1d(Array.from({ length: 12 }, (_, i) => 0.05 + (i % 4)))];
    bn.setWeights([gamma!, beta!, ...shifted]);
    tf.dispose(shifted); // (getWeights returns the variables' own values: not disposed)
    const ownOfRank1 = statistics(models[1]!);
    const split = jpegSplit(tempDir(), 15, sampleJpegs(5), CLASSES);
    const [alone0, alone1] = [await evaluateStream(models[0]!, open()(split), options), await evaluateStream(models[1]!, open()(split), options)];
    expect(Array.from(alone1.predictions)).not.toEqual(Array.from(alone0.predictions)); // the statistics matter here
    const before = tf.memory().numTensors;
    const [zero] = await Promise.all(inProcessGroup(2).map((dp, r) => evaluateStreamParts(dp, models[r]!, split, open(), options)));
    expect(tf.memory().numTensors).toBe(before);
    expect(zero!.evaluation).toEqual(alone0);
    expect(statistics(models[1]!)).toEqual(ownOfRank1);
    models.forEach((m) => m.dispose());
  });

  it('bad arguments are refused on every rank before any collective', async () => {
    const [dp] = inProcessGroup(1);
    const empty: StreamSplit = { paths: [], labels: new Int32Array(0), count: 0 };
    await expect(evaluateStreamParts(dp!, model, empty, open(), options)).rejects.toThrow("evaluateStreamParts: 'split' must hold at least one sample; got none.");
    const split = jpegSplit(tempDir(), 3, sampleJpegs(1), CLASSES);
    await expect(evaluateStreamParts(dp!, model, split, open(), { ...options, trainSamplesPerClass: [1, 2] })).rejects.toThrow(
      "evaluateStreamParts: 'trainSamplesPerClass' must have numClasses = 7 entries; got 2.",
    );
  });
});
