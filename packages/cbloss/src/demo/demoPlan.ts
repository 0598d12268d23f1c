import { join } from 'node:path';
import type { RunOptions, RunOptionsInput } from '../types.js';

/**
 * Epochs of the demo per backend, chosen so that both runs (softmax and class-balanced) finish in under
 * 10 minutes on a 2-core machine. Measured on this project's 2-core machine while other jobs ran: the small CNN
 * on the long-tailed Fashion-MNIST (14 886 images) trains at ~640–770 img/s on libtorch (~20 s/epoch) and
 * ~270 img/s on wasm (~55 s/epoch), plus a test-set evaluation per epoch. The pure-JS cpu backend is far
 * slower for convolutions: 1 epoch, and it still takes long.
 */
export const DEMO_EPOCHS: Readonly<Record<string, number>> = { libtorch: 10, wasm: 3, cpu: 1 };

/** The class-balanced setting of the demo: softmax cross-entropy re-weighted with β = 0.9999. */
export const DEMO_CB_BETA = 0.9999;

/** Demo epochs for a backend name (`DEMO_EPOCHS`, 2 for an unknown backend). */
export function demoEpochs(backend: string): number {
  return DEMO_EPOCHS[backend] ?? 2;
}

/** What the user can change in the demo. */
export interface DemoSettings {
  readonly out: string;
  readonly epochs: number;
  readonly backend: RunOptions['compute']['backend'];
  readonly threads?: number;
  readonly dataDir?: string;
  readonly seed?: number;
}

/**
 * The two runs of `cbloss demo`, identical except for the loss weighting: Fashion-MNIST made long-tailed with
 * the paper's exponential profile at imbalance factor 100 (6000 → 60 training images per class), the small
 * CNN, softmax cross-entropy unweighted (β = 0, `OUT/softmax`) and class-balanced (β = 0.9999,
 * `OUT/cb-softmax`). Keeping the loss type fixed isolates the effect of the re-weighting. One warm-up epoch
 * (the paper's 5 are for 200 epochs) and learning rate 0.05 (a small CNN without batch norm). Pure.
 *
 * @example
 * demoRuns({ out: 'runs/demo', epochs: 12, backend: 'libtorch' }).map((r) => [r.output.out, r.loss?.beta]);
 * // [['runs/demo/softmax', 0], ['runs/demo/cb-softmax', 0.9999]]
 */
export function demoRuns(settings: DemoSettings): RunOptionsInput[] {
  const shared = {
    data: { dataset: 'fashion-mnist', imbalanceFactor: 100, profile: 'exponential' as const },
    model: { name: 'cnn' as const },
    optimiser: { epochs: settings.epochs, batchSize: 128, learningRate: 0.05, warmupEpochs: 1 },
    seed: settings.seed ?? 1,
    compute: {
      backend: settings.backend,
      ...(settings.dataDir === undefined ? {} : { dataDir: settings.dataDir }),
      ...(settings.threads === undefined ? {} : { threads: settings.threads }),
    },
  };
  return [
    { ...shared, loss: { method: 'softmax', beta: 0 }, output: { out: join(settings.out, 'softmax') } },
    { ...shared, loss: { method: 'softmax', beta: DEMO_CB_BETA }, output: { out: join(settings.out, 'cb-softmax') } },
  ];
}
