import { describe, expect, it } from 'vitest';
import { describeSchedule } from '../../src/train/describeSchedule.js';
import { learningRateAt } from '../../src/train/learningRate.js';

describe('describeSchedule', () => {
  it("states the paper's schedule as it is for 200 epochs, with no note", () => {
    expect(describeSchedule({ baseLr: 0.1, warmupEpochs: 5, epochs: 200 })).toEqual([
      'lr schedule: linear warm-up to 0.1 over 5 epochs, ×0.01 at epochs 160 and 180; final lr 0.00001',
    ]);
  });

  it('warns that a 2-epoch run compresses the schedule and ends at lr 1e-5', () => {
    const lines = describeSchedule({ baseLr: 0.1, warmupEpochs: 5, epochs: 2 });
    expect(lines).toEqual([
      'lr schedule: linear warm-up to 0.1 over 0.2 epochs, ×0.01 at epochs 1.6 and 1.8; final lr 0.00001',
      "note: the paper's 200-epoch schedule (warm-up 5, decay at 160 and 180) is scaled to 2 epochs: the rate decays from epoch 1.6 and the run ends at lr 0.00001",
    ]);
  });

  it('the final lr it prints is the rate of the last step (learningRateAt), and explicit milestones get no note', () => {
    for (const epochs of [1, 3, 10, 50, 199]) {
      const schedule = { baseLr: 0.05, warmupEpochs: 5, epochs };
      const final = Number(learningRateAt(epochs - 1e-9, schedule).toPrecision(3));
      expect(describeSchedule(schedule)[0]).toMatch(new RegExp(`; final lr ${String(final).replace('.', '\\.')}$`));
    }
    expect(describeSchedule({ baseLr: 0.1, warmupEpochs: 0, epochs: 10, milestones: [20] })).toEqual([
      'lr schedule: constant 0.1 from the start, no decay; final lr 0.1',
    ]);
  });
});
