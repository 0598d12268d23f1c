import type { EpochRecord, RunOptions, RunResults, SweepResults } from '../../src/types.js';
import { fakeRunResults } from '../sweep/fakeRunResults.js';

/** Class names with characters that must be escaped (they come from user folders). */
export const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Bag <b>&"x\''] as const;

function history(losses: readonly number[], errors: readonly number[]): EpochRecord[] {
  return losses.map((loss, i) => ({
    epoch: i + 1,
    loss,
    trainAccuracy: 50 + 10 * i,
    learningRate: 0.1,
    seconds: 2,
    imagesPerSecond: 1000,
    testError: errors[i],
  }));
}

function run(overrides: Partial<RunResults> & { options: RunOptions }): RunResults {
  return {
    version: '0.1.0',
    backend: 'cpu',
    dataset: { name: 'fashion-mnist', source: '/usr/share/datasets/fashion-mnist', classNames: [...CLASS_NAMES] },
    samplesPerClass: [500, 50, 5],
    testSamplesPerClass: [100, 100, 100],
    effectiveNumbers: [1, 1, 1],
    classWeights: [1, 1, 1],
    top1Error: 40,
    perClassAccuracy: [95, 60, 25],
    shotAccuracy: { many: 95, medium: 60, few: 25, manyAbove: 100, fewBelow: 20 },
    confusionMatrix: [
      [95, 3, 2],
      [30, 60, 10],
      [50, 25, 25],
    ],
    history: history([1.2, 0.8, 0.6], [55, 45, 40]),
    imagesPerSecond: 1234.5,
    trainSeconds: 6.2,
    startedAt: '2026-11-27T05:00:00.000Z',
    finishedAt: '2026-11-27T05:00:06.200Z',
    ...overrides,
  };
}

/** The options every fixture run shares (what `sweep.json` records as its base options, with `data.imbalanceFactor`). */
const baseOptions = {
  data: { dataset: 'fashion-mnist', profile: 'exponential', validationFraction: 0, augment: false, sampler: 'instance' },
  loss: {},
  model: { name: 'cnn' },
  optimiser: { epochs: 3, batchSize: 64, learningRate: 0.1, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 1 },
  compute: { backend: 'cpu' },
} as const;

/** Complete run options: the base options with a loss setting, an imbalance factor and a seed. */
function options(method: string, beta: number, parameters: Record<string, number>, imbalanceFactor = 100, seed = 1): RunOptions {
  return {
    ...baseOptions,
    data: { ...baseOptions.data, imbalanceFactor },
    loss: { method, beta, parameters },
    seed,
    output: { out: `runs/if${imbalanceFactor}-${method}-s${seed}`, resume: false },
  };
}

/** Softmax cross-entropy, no re-weighting. */
export const SOFTMAX_RUN: RunResults = run({ options: options('softmax', 0, {}) });

/** Class-balanced focal loss, β = 0.99, γ = 0.5 (effective numbers and weights from the paper's formula). */
export const CB_FOCAL_RUN: RunResults = run({
  options: options('focal', 0.99, { gamma: 0.5 }),
  // E_n = (1 - 0.99^n) / 0.01 for n = 500, 50, 5; weights ∝ 1/E_n normalised to sum to 3.
  effectiveNumbers: [99.34295169, 39.49939329, 4.90099501],
  classWeights: [0.12372237, 0.31116762, 2.50511001],
  top1Error: 33.456,
  perClassAccuracy: [90, 70, 40.05],
  shotAccuracy: { many: 90, medium: 70, few: 40.05, manyAbove: 100, fewBelow: 20 },
  confusionMatrix: [
    [90, 6, 4],
    [20, 70, 10],
    [35, 25, 40],
  ],
  history: history([0.9, 0.5, 0.4], [50, 38, 33.456]),
  validationError: 35.5,
});

/** The parameters of a fixture cell: γ for focal, none for softmax. */
function parametersOf(loss: 'softmax' | 'focal', gamma: number): Record<string, number> {
  return loss === 'focal' ? { gamma } : {};
}

function cell(imbalanceFactor: number, loss: 'softmax' | 'focal', beta: number, gamma: number, seed: number, top1Error: number) {
  const parameters = parametersOf(loss, gamma);
  const id = loss === 'focal' ? `if${imbalanceFactor}-${loss}-b${beta}-g${gamma}-s${seed}` : `if${imbalanceFactor}-${loss}-b${beta}-s${seed}`;
  return { id, imbalanceFactor, loss, beta, parameters, seed, results: { ...SOFTMAX_RUN, top1Error, options: options(loss, beta, parameters, imbalanceFactor, seed) } };
}

/** A small finished sweep: 2 imbalance factors × (softmax, CB focal with 2 β) × 2 seeds, one cell not run. */
export const SWEEP: SweepResults = {
  version: '0.1.0',
  baseOptions,
  cells: [
    cell(100, 'softmax', 0, 0, 1, 40),
    cell(100, 'softmax', 0, 0, 2, 42),
    cell(100, 'focal', 0.99, 0.5, 1, 36),
    cell(100, 'focal', 0.99, 0.5, 2, 37),
    cell(100, 'focal', 0.999, 0.5, 1, 35),
    cell(100, 'focal', 0.999, 0.5, 2, 35.5),
    cell(10, 'softmax', 0, 0, 1, 20),
    cell(10, 'softmax', 0, 0, 2, 21),
    cell(10, 'focal', 0.99, 0.5, 1, 19.5),
    cell(10, 'focal', 0.99, 0.5, 2, 19),
    cell(10, 'focal', 0.999, 0.5, 1, 22),
    { id: 'if10-focal-b0.999-g0.5-s2', imbalanceFactor: 10, loss: 'focal', beta: 0.999, parameters: { gamma: 0.5 }, seed: 2 },
  ],
  table: [
    {
      loss: 'softmax',
      byImbalanceFactor: { '100': { top1Error: 41, std: 1.41421356, beta: 0, parameters: {}, seeds: 2 }, '10': { top1Error: 20.5, std: 0.70710678, beta: 0, parameters: {}, seeds: 2 } },
    },
    {
      loss: 'CB focal',
      byImbalanceFactor: {
        '100': { top1Error: 35.25, std: 0.35355339, beta: 0.999, parameters: { gamma: 0.5 }, seeds: 2 },
        '10': { top1Error: 19.25, std: 0.35355339, beta: 0.99, parameters: { gamma: 0.5 }, seeds: 2 },
      },
    },
    { loss: 'CB <sigmoid>', byImbalanceFactor: { '100': null } },
  ],
  selection: 'validation',
  wallSeconds: 754,
};

/**
 * A sweep for the error-against-β plot: at IF 100, softmax over 2 seeds and focal at three γ (0.5, 2, 10)
 * sharing the same β, so that averaging over γ or sorting γ as text would show; at IF 1 a β = 0.999 cell
 * that reuses its β = 0 twin (`sameAs`) and a cell not run.
 */
export const SWEEP_FOR_PLOTS: SweepResults = {
  ...SWEEP,
  cells: [
    plotCell(100, 'softmax', 0, 0, 1, 40),
    plotCell(100, 'softmax', 0, 0, 2, 42),
    plotCell(100, 'softmax', 0.999, 0, 1, 30),
    plotCell(100, 'softmax', 0.999, 0, 2, 31),
    plotCell(100, 'focal', 0, 0.5, 1, 38),
    plotCell(100, 'focal', 0.999, 0.5, 1, 30),
    plotCell(100, 'focal', 0, 2, 1, 36),
    plotCell(100, 'focal', 0.999, 2, 1, 20),
    plotCell(100, 'focal', 0, 10, 1, 50),
    plotCell(1, 'softmax', 0, 0, 1, 10),
    { ...plotCell(1, 'softmax', 0.999, 0, 1, 10), id: 'if1-softmax-b0.999-s1', sameAs: 'if1-softmax-b0-s1' },
    { id: 'if1-focal-b0-g2-s1', imbalanceFactor: 1, loss: 'focal', beta: 0, parameters: { gamma: 2 }, seed: 1 },
  ],
};

function plotCell(imbalanceFactor: number, loss: 'softmax' | 'focal', beta: number, gamma: number, seed: number, top1Error: number) {
  const id = loss === 'focal' ? `if${imbalanceFactor}-focal-b${beta}-g${gamma}-s${seed}` : `if${imbalanceFactor}-softmax-b${beta}-s${seed}`;
  return { id, imbalanceFactor, loss, beta, parameters: parametersOf(loss, gamma), seed, results: fakeRunResults(top1Error) };
}
