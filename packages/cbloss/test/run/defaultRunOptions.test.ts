import { describe, expect, it } from 'vitest';
import { CbLossError } from 'class-balanced-loss';
import { defaultsForDataset, PAPER_DEFAULTS, resolveRunOptions } from '../../src/run/defaultRunOptions.js';
import type { RunOptions } from '../../src/types.js';

describe('resolveRunOptions', () => {
  it("fills in the paper's recipe", () => {
    const options = resolveRunOptions({ out: 'runs/a' });
    expect(options).toEqual({
      dataset: 'fashion-mnist',
      imbalanceFactor: 100,
      profile: 'exponential',
      loss: 'softmax',
      beta: 0,
      gamma: 1,
      model: 'cnn',
      epochs: 200,
      batchSize: 128,
      learningRate: 0.1,
      momentum: 0.9,
      weightDecay: 2e-4,
      warmupEpochs: 5,
      augment: false,
      validationFraction: 0,
      seed: 1,
      backend: 'auto',
      resume: false,
      out: 'runs/a',
    });
    expect(PAPER_DEFAULTS.epochs).toBe(200);
  });

  it('chooses the model and augmentation from the dataset unless given', () => {
    expect(defaultsForDataset('cifar10')).toEqual({ model: 'resnet32', augment: true });
    expect(defaultsForDataset('cifar100')).toEqual({ model: 'resnet32', augment: true });
    expect(defaultsForDataset('mnist')).toEqual({ model: 'cnn', augment: false });
    expect(defaultsForDataset('synthetic')).toEqual({ model: 'mlp', augment: false });
    expect(defaultsForDataset('csv:data/iris.csv')).toEqual({ model: 'mlp', augment: false });
    expect(defaultsForDataset('folder:/data/pets')).toEqual({ model: 'resnet32', augment: false });
    const cifar = resolveRunOptions({ dataset: 'cifar10', out: 'x' });
    expect([cifar.model, cifar.augment]).toEqual(['resnet32', true]);
    const given = resolveRunOptions({ dataset: 'cifar10', model: 'resnet20', augment: false, out: 'x' });
    expect([given.model, given.augment]).toEqual(['resnet20', false]);
  });

  it('keeps given values and ignores undefined ones', () => {
    const options = resolveRunOptions({ out: 'x', epochs: 10, beta: 0.9999, loss: 'focal', gamma: 2, threads: undefined, seed: 0 });
    expect([options.epochs, options.beta, options.loss, options.gamma, options.seed]).toEqual([10, 0.9999, 'focal', 2, 0]);
    expect('threads' in options && options.threads !== undefined).toBe(false);
  });

  const cases: [Partial<RunOptions>, string][] = [
    [{ epochs: 0 }, "train: '--epochs' must be a positive integer; got 0."],
    [{ epochs: 2.5 }, "train: '--epochs' must be a positive integer; got 2.5."],
    [{ batchSize: -1 }, "train: '--batch-size' must be a positive integer; got -1."],
    [{ learningRate: 0 }, "train: '--lr' must be a number > 0; got 0."],
    [{ momentum: 1 }, "train: '--momentum' must be in [0, 1); got 1."],
    [{ weightDecay: -1e-4 }, "train: '--weight-decay' must be a number >= 0; got -0.0001."],
    [{ warmupEpochs: Number.NaN }, "train: '--warmup-epochs' must be a number >= 0; got NaN."],
    [{ beta: 1.5 }, "train: '--beta' must be in [0, 1]; got 1.5."],
    [{ gamma: -1 }, "train: '--gamma' must be a number >= 0; got -1."],
    [{ imbalanceFactor: 0.5 }, "train: '--imbalance-factor' must be a number >= 1 (1 = balanced); got 0.5."],
    [{ validationFraction: 1 }, "train: '--validation-fraction' must be in [0, 1); got 1."],
    [{ seed: -3 }, "train: '--seed' must be an integer >= 0; got -3."],
    [{ threads: 0 }, "train: '--threads' must be a positive integer; got 0."],
    [{ dataset: '' }, "train: '--dataset' must be a dataset name or folder:PATH / csv:PATH; got ''."],
  ];
  it.each(cases)('rejects %j', (partial, message) => {
    expect(() => resolveRunOptions({ out: 'x', ...partial })).toThrow(CbLossError);
    expect(() => resolveRunOptions({ out: 'x', ...partial })).toThrow(message);
  });

  it('rejects unknown names with a suggestion, and unknown keys', () => {
    const bad = (partial: Record<string, unknown>): unknown => {
      try {
        resolveRunOptions({ out: 'x', ...(partial as Partial<RunOptions>) });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(bad({ loss: 'focla' })).toMatchObject({
      code: 'unknown-name',
      message: "train: '--loss' must be one of softmax, sigmoid, focal; got 'focla' (did you mean 'focal'?).",
    });
    expect(bad({ model: 'resnet23' })).toMatchObject({ code: 'unknown-name' });
    expect(bad({ backend: 'gpu' })).toMatchObject({ code: 'unknown-name' });
    expect(bad({ profile: 'linear' })).toMatchObject({ code: 'unknown-name' });
    expect(bad({ epoch: 3 })).toMatchObject({ code: 'unknown-name', message: expect.stringContaining("(did you mean 'epochs'?)") });
    expect(bad({ out: '' })).toMatchObject({ message: "train: '--out' must be a directory path; got ''." });
  });
});
