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
      data: { dataset: 'fashion-mnist', imbalanceFactor: 100, profile: 'exponential' },
      model: { name: 'cnn' },
      loss: { method: 'softmax', beta: 0 },
      optimiser: { epochs: 3 },
      compute: { backend: 'cpu' },
      seed: 1,
      output: { out: 'runs/demo/softmax' },
    });
    expect(balanced?.loss).toEqual({ method: 'softmax', beta: DEMO_CB_BETA });
    expect(balanced?.output.out).toBe('runs/demo/cb-softmax');
    const { loss: _l1, output: _o1, ...restPlain } = plain ?? { loss: {}, output: { out: '' } };
    const { loss: _l2, output: _o2, ...restBalanced } = balanced ?? { loss: {}, output: { out: '' } };
    expect(restBalanced).toEqual(restPlain);
  });

  it('passes the data directory, threads and seed through', () => {
    const runs = demoRuns({ out: 'o', epochs: 1, backend: 'wasm', dataDir: '/data/fm', threads: 2, seed: 7 });
    for (const run of runs) expect(run).toMatchObject({ compute: { dataDir: '/data/fm', threads: 2 }, seed: 7 });
  });
});
