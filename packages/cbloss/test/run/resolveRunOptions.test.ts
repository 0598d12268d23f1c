import { describe, expect, it } from 'vitest';
import { resolveMethod } from 'class-balanced-loss';
import { dataDefaults } from '../../src/run/dataDefaults.js';
import { resolveRunOptions } from '../../src/run/resolveRunOptions.js';
import { resumedOptions } from '../../src/run/resumedOptions.js';
import { RUN_DEFAULTS } from '../../src/run/runDefaults.js';
import { RunOptionsError } from '../../src/run/RunOptionsError.js';
import { upgradeRunOptions } from '../../src/run/upgradeRunOptions.js';
import { validateRunOptions } from '../../src/run/validateRunOptions.js';
import type { RunOptions, RunOptionsInput } from '../../src/types.js';
import { CblossError } from '../../src/CblossError.js';

const out = { output: { out: 'x' } };

describe('resolveRunOptions', () => {
  it("fills in the paper's recipe, nested by concern; the data decides the model and augmentation", () => {
    expect(resolveRunOptions({ output: { out: 'runs/a' } })).toEqual({
      data: { dataset: 'fashion-mnist', imbalanceFactor: 100, profile: 'exponential', validationFraction: 0, sampler: 'instance' },
      loss: { method: 'softmax', beta: 0, parameters: {} },
      model: {},
      optimiser: { epochs: 200, batchSize: 128, learningRate: 0.1, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 5 },
      seed: 1,
      compute: { backend: 'auto' },
      output: { out: 'runs/a', resume: false },
    });
    expect(RUN_DEFAULTS.optimiser.epochs).toBe(200);
  });

  it("fills in the method's parameters from the library's registry", () => {
    const focal = resolveRunOptions({ ...out, loss: { method: 'focal', beta: 0.9999 } });
    expect(focal.loss.parameters).toEqual({ gamma: resolveMethod('focal').parameters[0]?.default });
    expect(resolveRunOptions({ ...out, loss: { method: 'focal', parameters: { gamma: 0.5 } } }).loss.parameters).toEqual({ gamma: 0.5 });
  });

  it('keeps given values and ignores undefined ones', () => {
    const options = resolveRunOptions({ ...out, optimiser: { epochs: 10 }, loss: { beta: 0.9999, drwEpoch: 8 }, compute: { threads: undefined }, seed: 0 });
    expect([options.optimiser.epochs, options.loss.beta, options.loss.drwEpoch, options.seed]).toEqual([10, 0.9999, 8, 0]);
    expect('threads' in options.compute).toBe(false);
  });

  const cases: [Omit<RunOptionsInput, 'output'>, string][] = [
    [{ optimiser: { epochs: 0 } }, "'optimiser.epochs' must be a positive integer; got 0."],
    [{ optimiser: { epochs: 2.5 } }, "'optimiser.epochs' must be a positive integer; got 2.5."],
    [{ optimiser: { batchSize: -1 } }, "'optimiser.batchSize' must be a positive integer; got -1."],
    [{ optimiser: { learningRate: 0 } }, "'optimiser.learningRate' must be a number > 0; got 0."],
    [{ optimiser: { momentum: 1 } }, "'optimiser.momentum' must be in [0, 1); got 1."],
    [{ optimiser: { weightDecay: -1e-4 } }, "'optimiser.weightDecay' must be a number >= 0; got -0.0001."],
    [{ optimiser: { warmupEpochs: Number.NaN } }, "'optimiser.warmupEpochs' must be a number >= 0; got NaN."],
    [{ loss: { beta: 1.5 } }, "'loss.beta' must be in [0, 1]; got 1.5."],
    [{ loss: { method: 'focal', parameters: { gamma: -1 } } }, "'loss.parameters.gamma' must be a finite number >= 0; got -1."],
    [{ loss: { method: 'softmax', parameters: { gamma: 1 } } }, "'loss.parameters.gamma' must be a parameter of the method 'softmax' (it has none); got 1."],
    [{ loss: { drwEpoch: 200 } }, "'loss.drwEpoch' must be an integer in [0, 'optimiser.epochs'); got 200."],
    [{ data: { imbalanceFactor: 0.5 } }, "'data.imbalanceFactor' must be a number >= 1 (1 = as loaded); got 0.5."],
    [{ data: { validationFraction: 1 } }, "'data.validationFraction' must be in [0, 1); got 1."],
    [{ seed: -3 }, "'seed' must be an integer >= 0; got -3."],
    [{ compute: { threads: 0 } }, "'compute.threads' must be a positive integer; got 0."],
    [{ data: { dataset: '' } }, "'data.dataset' must be a dataset name or PREFIX:PATH; got ''."],
  ];
  it.each(cases)('rejects %j naming the option path', (input, message) => {
    expect(() => resolveRunOptions({ ...out, ...input })).toThrow(RunOptionsError);
    expect(() => resolveRunOptions({ ...out, ...input })).toThrow(`resolveRunOptions: ${message}`);
  });

  it('rejects unknown names with a suggestion, and unknown groups and fields', () => {
    const bad = (input: Record<string, unknown>): unknown => {
      try {
        resolveRunOptions({ ...out, ...(input as Omit<RunOptionsInput, 'output'>) });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(bad({ loss: { method: 'focla' } })).toMatchObject({ code: 'unknown-name', path: 'loss.method', hint: " (did you mean 'focal'?)" });
    expect(bad({ model: { name: 'resnet23' } })).toMatchObject({ code: 'unknown-name', path: 'model.name' });
    expect(bad({ compute: { backend: 'gpu' } })).toMatchObject({ code: 'unknown-name', path: 'compute.backend' });
    expect(bad({ data: { profile: 'linear' } })).toMatchObject({ code: 'unknown-name', path: 'data.profile' });
    expect(bad({ data: { sampler: 'class-balance' } })).toMatchObject({ code: 'unknown-name', path: 'data.sampler', hint: " (did you mean 'class-balanced'?)" });
    expect(bad({ optimiser: { epoch: 3 } })).toMatchObject({ code: 'unknown-name', path: 'optimiser.epoch', message: expect.stringContaining("(did you mean 'epochs'?)") });
    expect(bad({ optimizer: {} })).toMatchObject({ code: 'unknown-name', message: expect.stringContaining("(did you mean 'optimiser'?)") });
    expect(() => resolveRunOptions({ output: { out: '' } })).toThrow("resolveRunOptions: 'output.out' must be a directory path; got ''.");
    expect(bad({ loss: { method: 'focla' } })).toBeInstanceOf(CblossError);
  });
});

describe('dataDefaults', () => {
  it('decides the model and augmentation from the loaded data, not its name', () => {
    expect(dataDefaults({ kind: 'image', sampleShape: [32, 32, 3] })).toEqual({ model: 'resnet32', augment: true });
    expect(dataDefaults({ kind: 'image', sampleShape: [64, 48, 3] })).toEqual({ model: 'resnet32', augment: true });
    expect(dataDefaults({ kind: 'image', sampleShape: [28, 28, 1] })).toEqual({ model: 'cnn', augment: false });
    expect(dataDefaults({ kind: 'image', sampleShape: [16, 16, 3] })).toEqual({ model: 'cnn', augment: false });
    expect(dataDefaults({ kind: 'tabular', sampleShape: [16] })).toEqual({ model: 'mlp', augment: false });
  });
});

describe('resumed options', () => {
  const started = resolveRunOptions({ output: { out: 'runs/a' }, loss: { method: 'focal', beta: 0.999 }, compute: { backend: 'libtorch', threads: 2 } });

  it('keeps what the run computes and takes where and how from the request', () => {
    const requested = resolveRunOptions({ output: { out: 'moved/a', resume: true }, optimiser: { epochs: 3 }, compute: { threads: 1 } });
    const resumed = resumedOptions(started, requested, 'moved/a/checkpoint');
    expect(resumed.optimiser).toEqual(started.optimiser);
    expect(resumed.loss).toEqual(started.loss);
    // 'auto' (the default) keeps the saved backend; threads and the output are the request's
    expect(resumed.compute).toEqual({ backend: 'libtorch', threads: 1 });
    expect(resumed.output).toEqual({ out: 'moved/a', resume: true });
    const wasm = resumedOptions(started, { ...requested, compute: { backend: 'wasm' } }, 'c');
    expect(wasm.compute.backend).toBe('wasm');
    expect(() => resumedOptions(undefined, requested, 'moved/a/checkpoint')).toThrow(
      "runExperiment: 'moved/a/checkpoint' must hold the run options; got a checkpoint without them.",
    );
  });

  it('reads the flat options of cbloss 0.1 checkpoints and results', () => {
    const flat = {
      dataset: 'fashion-mnist', imbalanceFactor: 100, profile: 'exponential', loss: 'focal', beta: 0.999, gamma: 1, model: 'cnn',
      epochs: 10, batchSize: 128, learningRate: 0.05, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 1, augment: false,
      validationFraction: 0.1, seed: 2, backend: 'libtorch', out: 'results/x', resume: false,
    };
    const upgraded = upgradeRunOptions(flat) as RunOptions;
    expect(upgraded).toEqual({
      data: { dataset: 'fashion-mnist', imbalanceFactor: 100, profile: 'exponential', validationFraction: 0.1, augment: false, sampler: 'instance' },
      loss: { method: 'focal', beta: 0.999, parameters: { gamma: 1 } },
      model: { name: 'cnn' },
      optimiser: { epochs: 10, batchSize: 128, learningRate: 0.05, momentum: 0.9, weightDecay: 2e-4, warmupEpochs: 1 },
      seed: 2,
      compute: { backend: 'libtorch' },
      output: { out: 'results/x', resume: false },
    });
    expect(() => validateRunOptions(upgraded)).not.toThrow();
    expect((upgradeRunOptions({ ...flat, loss: 'softmax' }) as RunOptions).loss.parameters).toEqual({});
    expect(upgradeRunOptions(started)).toBe(started);
  });
});
