import { describe, expect, it } from 'vitest';
import { DEMO_CB_BETA, DEMO_EPOCHS, demoEpochs, demoRuns } from '../../src/demo/demoPlan.js';

describe('demoPlan', () => {
  it('gives the faster backends more epochs', () => {
    expect(demoEpochs('libtorch')).toBe(DEMO_EPOCHS['libtorch']);
    expect(demoEpochs('libtorch')).toBeGreaterThan(demoEpochs('wasm'));
    expect(demoEpochs('wasm')).toBeGreaterThanOrEqual(demoEpochs('cpu'));
    expect(demoEpochs('webgl')).toBeGreaterThanOrEqual(1);
  });

  it('runs softmax (β = 0) and class-balanced softmax on long-tailed Fashion-MNIST, differing only in β and out', () => {
    const [plain, balanced] = demoRuns({ out: 'runs/demo', epochs: 3, backend: 'cpu' });
    expect(plain).toMatchObject({
      dataset: 'fashion-mnist',
      imbalanceFactor: 100,
      profile: 'exponential',
      model: 'cnn',
      loss: 'softmax',
      beta: 0,
      epochs: 3,
      backend: 'cpu',
      seed: 1,
      out: 'runs/demo/softmax',
    });
    expect(balanced?.beta).toBe(DEMO_CB_BETA);
    expect(balanced?.out).toBe('runs/demo/cb-softmax');
    const { beta: _b1, out: _o1, ...restPlain } = plain ?? { beta: 0, out: '' };
    const { beta: _b2, out: _o2, ...restBalanced } = balanced ?? { beta: 0, out: '' };
    expect(restBalanced).toEqual(restPlain);
  });

  it('passes the data directory, threads and seed through', () => {
    const runs = demoRuns({ out: 'o', epochs: 1, backend: 'wasm', dataDir: '/data/fm', threads: 2, seed: 7 });
    for (const run of runs) expect(run).toMatchObject({ dataDir: '/data/fm', threads: 2, seed: 7 });
  });
});
