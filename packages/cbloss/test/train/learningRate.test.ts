import { describe, expect, it } from 'vitest';
import { defaultMilestones, effectiveWarmupEpochs, learningRateAt } from '../../src/train/learningRate.js';
import { CblossError } from '../../src/CblossError.js';

const paper = { baseLr: 0.1, warmupEpochs: 5, epochs: 200 };

describe('learningRateAt', () => {
  it('warms up linearly from 0 to the base rate over 5 of 200 epochs', () => {
    expect(learningRateAt(0, paper)).toBe(0);
    expect(learningRateAt(1, paper)).toBeCloseTo(0.02, 15);
    expect(learningRateAt(2.5, paper)).toBeCloseTo(0.05, 15);
    expect(learningRateAt(4.99, paper)).toBeCloseTo(0.0998, 15);
    expect(learningRateAt(5, paper)).toBe(0.1);
    expect(learningRateAt(100, paper)).toBe(0.1);
  });

  it('decays by 0.01 at epoch 160 and again at 180 of 200 (the paper)', () => {
    expect(defaultMilestones(200)).toEqual([160, 180]);
    expect(learningRateAt(159.99, paper)).toBe(0.1);
    expect(learningRateAt(160, paper)).toBeCloseTo(1e-3, 15);
    expect(learningRateAt(179.99, paper)).toBeCloseTo(1e-3, 15);
    expect(learningRateAt(180, paper)).toBeCloseTo(1e-5, 15);
    expect(learningRateAt(199.99, paper)).toBeCloseTo(1e-5, 15);
  });

  it('scales milestones with the run length and caps the warm-up at a tenth of it (10 epochs)', () => {
    const short = { baseLr: 0.1, warmupEpochs: 5, epochs: 10 };
    expect(defaultMilestones(10)).toEqual([8, 9]);
    expect(effectiveWarmupEpochs(5, 10)).toBe(1);
    expect(effectiveWarmupEpochs(5, 200)).toBe(5);
    expect(effectiveWarmupEpochs(5, 40)).toBe(4);
    expect(learningRateAt(0.5, short)).toBeCloseTo(0.05, 15);
    expect(learningRateAt(1, short)).toBe(0.1);
    expect(learningRateAt(7.95, short)).toBe(0.1);
    expect(learningRateAt(8.05, short)).toBeCloseTo(1e-3, 15);
    expect(learningRateAt(9.95, short)).toBeCloseTo(1e-5, 15);
  });

  it('is non-increasing after the warm-up and never negative', () => {
    let previous = Infinity;
    for (let t = 5; t < 200; t += 0.37) {
      const lr = learningRateAt(t, paper);
      expect(lr).toBeLessThanOrEqual(previous);
      expect(lr).toBeGreaterThan(0);
      previous = lr;
    }
  });

  it('honours explicit milestones, decay and no warm-up', () => {
    const options = { baseLr: 1, warmupEpochs: 0, epochs: 30, milestones: [10, 20], decay: 0.1 };
    expect(learningRateAt(0, options)).toBe(1);
    expect(learningRateAt(10, options)).toBeCloseTo(0.1, 15);
    expect(learningRateAt(25, options)).toBeCloseTo(0.01, 15);
  });

  it('rejects bad arguments with the project message format', () => {
    expect(() => learningRateAt(-1, paper)).toThrow(CblossError);
    expect(() => learningRateAt(-1, paper)).toThrow("learningRateAt: 'epoch' must be a finite number >= 0; got -1.");
    expect(() => learningRateAt(1, { ...paper, epochs: 0 })).toThrow("'epochs' must be a finite number > 0; got 0.");
    expect(() => learningRateAt(1, { ...paper, baseLr: Number.NaN })).toThrow("'baseLr'");
    expect(() => learningRateAt(1, { ...paper, decay: 0 })).toThrow("'decay'");
  });
});
