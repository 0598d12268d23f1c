import type { RunResults } from '../../src/types.js';

/** A minimal but complete RunResults for tests of the sweep logic (no training). */
export function fakeRunResults(top1Error: number, validationError?: number): RunResults {
  return {
    version: '0.0.0-test',
    backend: 'cpu',
    options: {
      data: { dataset: 'synthetic', imbalanceFactor: 10, profile: 'exponential', validationFraction: 0, augment: false, sampler: 'instance' },
      loss: { method: 'softmax', beta: 0, parameters: {} },
      model: { name: 'mlp' },
      optimiser: { epochs: 1, batchSize: 8, learningRate: 0.1, momentum: 0.9, weightDecay: 0, warmupEpochs: 0 },
      seed: 1,
      compute: { backend: 'cpu' },
      output: { out: 'fake', resume: false },
    },
    dataset: { name: 'synthetic', source: 'generated', classNames: ['a', 'b'] },
    samplesPerClass: [100, 10],
    testSamplesPerClass: [50, 50],
    effectiveNumbers: [100, 10],
    classWeights: [1, 1],
    top1Error,
    perClassAccuracy: [100 - top1Error, 100 - top1Error],
    shotAccuracy: { many: null, medium: 100 - top1Error, few: null, manyAbove: 100, fewBelow: 20 },
    confusionMatrix: [
      [1, 0],
      [0, 1],
    ],
    ...(validationError === undefined ? {} : { validationError }),
    history: [],
    imagesPerSecond: 1,
    trainSeconds: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
  };
}
