import { describe, expect, it } from 'vitest';
import { describeSchedule } from '../../src/train/describeSchedule.js';
import { learningRateAt } from '../../src/train/learningRate.js';
import { imagenetLearningRate, RECIPE_NAMES } from '../../src/run/recipes.js';
import { resolveRunOptions } from '../../src/run/resolveRunOptions.js';
import { runFlagsToOptions } from '../../src/cli/runFlags.js';

const out = { output: { out: 'x' } };

describe('--recipe imagenet', () => {
  it("gives the paper's large-scale settings (§5.3) under the options given explicitly", () => {
    const o = resolveRunOptions({ ...out, recipe: 'imagenet', data: { dataset: 'ilsvrc:/data/ILSVRC2012' } });
    expect(o.model.name).toBe('resnet50');
    expect(o.data).toMatchObject({ imbalanceFactor: 1, imageSize: 224 });
    expect(o.optimiser).toEqual({
      epochs: 90,
      batchSize: 1024,
      accumulate: 16,
      learningRate: 0.4, // 0.1 · 1024/256
      momentum: 0.9,
      nesterov: true,
      weightDecay: 1e-4,
      decayScope: 'kernels',
      warmupEpochs: 5,
      milestones: [30, 60, 80],
      lrDecay: 0.1,
      recipe: 'imagenet',
    });
    const flagged = resolveRunOptions({ ...runFlagsToOptions('train', { recipe: 'imagenet', dataset: 'inat:t.json', lr: '0.3', batchSize: '96', epochs: '9' }), ...out });
    expect(flagged.optimiser).toMatchObject({ learningRate: 0.3, batchSize: 96, accumulate: 1, epochs: 9, milestones: [3, 6, 8] });
  });

  it('scales the learning rate with the batch, ×2 for focal on ImageNet and ×4 for focal on iNaturalist', () => {
    expect(imagenetLearningRate(256, 'softmax', 'ilsvrc:/d')).toBeCloseTo(0.1, 15);
    expect(imagenetLearningRate(1024, 'focal', 'ilsvrc:/d')).toBeCloseTo(0.8, 15);
    expect(imagenetLearningRate(1024, 'focal', 'inat:/d/train2018.json')).toBeCloseTo(1.6, 15);
    expect(imagenetLearningRate(512, 'softmax', 'inat:/d/train2018.json')).toBeCloseTo(0.2, 15);
    const focal = resolveRunOptions({ ...out, recipe: 'imagenet', data: { dataset: 'inat:/d/train2018.json' }, loss: { method: 'focal', beta: 0.999, parameters: { gamma: 0.5 } }, optimiser: { batchSize: 256 } });
    expect(focal.optimiser).toMatchObject({ learningRate: 0.4, accumulate: 4 });
  });

  it('has the schedule values of the paper: 5 warm-up epochs, ×0.1 at 30, 60 and 80 of 90, printed as today', () => {
    const o = resolveRunOptions({ ...out, recipe: 'imagenet', data: { dataset: 'ilsvrc:/d' } }).optimiser;
    const schedule = { baseLr: o.learningRate, warmupEpochs: o.warmupEpochs, epochs: o.epochs, milestones: o.milestones!, decay: o.lrDecay! };
    expect(learningRateAt(2.5, schedule)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(29.99, schedule)).toBeCloseTo(0.4, 12);
    expect(learningRateAt(30, schedule)).toBeCloseTo(0.04, 12);
    expect(learningRateAt(60.5, schedule)).toBeCloseTo(0.004, 12);
    expect(learningRateAt(89.99, schedule)).toBeCloseTo(0.0004, 12);
    expect(describeSchedule(schedule)).toEqual(['lr schedule: linear warm-up to 0.4 over 5 epochs, ×0.1 at epochs 30, 60 and 80; final lr 0.0004']);
  });

  it('rejects an unknown recipe with the nearest name, and settings that do not fit', () => {
    expect(RECIPE_NAMES).toEqual(['imagenet']);
    expect(() => resolveRunOptions({ ...out, recipe: 'imagnet' })).toThrow(
      "resolveRunOptions: 'recipe' must be one of imagenet; got 'imagnet' (did you mean 'imagenet'?).",
    );
    expect(() => resolveRunOptions({ ...out, optimiser: { batchSize: 100, accumulate: 3 } })).toThrow(
      "resolveRunOptions: 'optimiser.accumulate' must be a positive integer dividing 'optimiser.batchSize'; got 3.",
    );
    expect(() => resolveRunOptions({ ...out, optimiser: { milestones: [60, 30] } })).toThrow("'optimiser.milestones' must be a non-decreasing list of epochs >= 0");
    expect(() => resolveRunOptions({ ...out, data: { imageSize: 8 } })).toThrow("'data.imageSize' must be an integer >= 16 (streamed datasets); got 8.");
  });
});
