import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherAtOffset } from '../../src/distributed/gatherAtOffset.js';
import { inProcessGroup } from './inProcessGroup.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('gatherAtOffset', () => {
  it('every rank receives the whole array, each part at its offset; integers up to 2^24 − 1 exactly; no tensor leaks', async () => {
    const parts = [Float32Array.from([1, 2]), Float32Array.from([]), Float32Array.from([2 ** 24 - 1, 4, 5])];
    const offsets = [0, 2, 2];
    const before = tf.memory().numTensors;
    const received = await Promise.all(inProcessGroup(3).map((dp, r) => gatherAtOffset(dp, parts[r]!, offsets[r]!, 6)));
    expect(tf.memory().numTensors).toBe(before);
    for (const whole of received) expect(Array.from(whole)).toEqual([1, 2, 2 ** 24 - 1, 4, 5, 0]);
  });
});
