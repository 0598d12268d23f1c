import { describe, expect, it } from 'vitest';
import { runMetrics } from '../../../src/page/eval/runMetrics.js';
import { runLabel } from '../../../src/page/report/runLabel.js';
import type { RunRecord } from '../../../src/page/report/RunRecord.js';
import { runReport } from '../../../src/page/report/runReport.js';

describe('runMetrics', () => {
  it('computes the held-out metrics with the library', () => {
    const metrics = runMetrics([0, 0, 0, 1, 2], [0, 0, 1, 1, 0], 3, [200, 50, 5]);
    expect(metrics.accuracy).toBe(60);
    expect(metrics.perClass).toEqual([(100 * 2) / 3, 100, 0]);
    expect(metrics.balancedAccuracy).toBeCloseTo((200 / 3 + 100 + 0) / 3, 12);
    // thresholds scaled to the largest class (200): many > 20 (classes 0, 1), medium 4–20 (class 2), no few
    expect(metrics.shots).toEqual({ many: ((100 * 2) / 3 + 100) / 2, medium: 0, few: null, manyAbove: 20, fewBelow: 4 });
    expect(metrics.confusion).toEqual([[2, 1, 0], [0, 1, 0], [1, 0, 0]]);
  });
});

describe('runLabel', () => {
  it('names the method (CB when class-balanced), β when class-balanced, its own parameters, and DRW', () => {
    expect(runLabel(1, 'softmax', 0, {})).toBe('#1 softmax');
    expect(runLabel(2, 'softmax', 0.999, {})).toBe('#2 CB softmax (β = 0.999)');
    expect(runLabel(3, 'focal', 0, { gamma: 0.5 })).toBe('#3 focal (γ = 0.5)');
    expect(runLabel(4, 'focal', 0.1 + 0.8, {})).toBe('#4 CB focal (β = 0.9, γ = 2)'); // registry default γ
    expect(runLabel(5, 'softmax', 0.99, {}, 8)).toBe('#5 CB softmax (β = 0.99, DRW from epoch 9)');
    expect(runLabel(6, 'softmax', 0, {}, 8)).toBe('#6 softmax'); // DRW of nothing
  });
});

describe('runReport', () => {
  it('is the run with the generator and library version, as JSON that reads back equal', () => {
    const run: RunRecord = {
      id: 1,
      label: '#1 softmax',
      method: 'softmax',
      beta: 0,
      parameters: {},
      drwEpoch: undefined,
      backend: 'wasm',
      seed: 1,
      settings: { batchSize: 32, learningRate: 0.003, testFraction: 0.2, epochs: 2 },
      data: { name: 'colors', kind: 'images', sampleShape: [16, 16, 3], classNames: ['a', 'b'], trainCounts: [8, 2], testCounts: [2, 1], imbalanceFactor: 4 },
      weights: [1, 1],
      history: [{ epoch: 1, loss: 0.7, trainAccuracy: 50, learningRate: 0.003, seconds: 0.5, imagesPerSecond: 20, testError: 33.3, perClass: [100, 0] }],
      metrics: runMetrics([0, 0, 1], [0, 0, 0], 2, [8, 2]),
      status: 'finished',
    };
    const text = runReport(run, '0.1.0');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ generator: 'class-balanced-loss-web', libraryVersion: '0.1.0', run: JSON.parse(JSON.stringify(run)) });
  });
});
