import { describe, expect, it } from 'vitest';
import { createProgress, formatEpoch } from '../../src/train/progress.js';

const record = { epoch: 3, loss: 1.23456, trainAccuracy: 45.67, learningRate: 0.1, seconds: 14.23, imagesPerSecond: 812.4, testError: 40.1 };

describe('progress', () => {
  it('formats one line per epoch', () => {
    expect(formatEpoch(record, 200)).toBe('epoch 3/200  loss 1.2346  train acc 45.7%  lr 0.1  test err 40.10%  812 img/s  14.2 s');
    const { testError: _, ...noTest } = record;
    expect(formatEpoch({ ...noTest, learningRate: 1.2345e-5 }, 10)).toBe('epoch 3/10  loss 1.2346  train acc 45.7%  lr 0.0000123  812 img/s  14.2 s');
  });

  it('names the held-out error as told (a validation split is not the test set)', () => {
    expect(formatEpoch(record, 200, 'val err (balanced)')).toBe(
      'epoch 3/200  loss 1.2346  train acc 45.7%  lr 0.1  val err (balanced) 40.10%  812 img/s  14.2 s',
    );
    const lines: string[] = [];
    const progress = createProgress({ epochs: 1, batchesPerEpoch: 1, startStep: 0, bar: false, heldOutLabel: 'val err', log: (l) => lines.push(l) });
    progress.epoch(record);
    progress.stop();
    expect(lines.at(-1)).toContain('val err 40.10%');
  });

  it('writes plain lines when there is no terminal: epochs always, in-epoch progress only for slow epochs', () => {
    const lines: string[] = [];
    const progress = createProgress({ epochs: 2, batchesPerEpoch: 20, startStep: 0, bar: false, log: (l) => lines.push(l) });
    for (let b = 1; b <= 20; b++) progress.batch(0, b, { loss: 1, imagesPerSecond: 100 }); // fast epoch: no 10% lines
    progress.epoch({ ...record, epoch: 1 });
    progress.line('note');
    progress.stop();
    expect(lines).toEqual([formatEpoch({ ...record, epoch: 1 }, 2), 'note']);
  });

  it('drives a progress bar without throwing (terminal mode)', () => {
    const progress = createProgress({ epochs: 2, batchesPerEpoch: 4, startStep: 4, bar: true });
    progress.batch(1, 1, { loss: 0.5, imagesPerSecond: 10 });
    progress.epoch({ ...record, epoch: 2 });
    progress.line('note');
    progress.stop();
  });
});
