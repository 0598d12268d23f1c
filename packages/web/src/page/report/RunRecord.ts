import type { RunMetrics } from '../eval/runMetrics.js';
import type { EpochRecord } from '../train/Trainer.js';

/** Everything about one run of the page: what it trained on, how, and what it measured. */
export interface RunRecord {
  readonly id: number;
  readonly label: string;
  /** A method of the library's registry. */
  readonly method: string;
  /** Class-balanced β (0: the plain method). */
  readonly beta: number;
  /** The method's own parameters (e.g. `gamma`), defaults included. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Deferred re-weighting: the 0-based epoch from which the class weights apply (undefined: from the start). */
  readonly drwEpoch: number | undefined;
  readonly backend: string;
  readonly seed: number;
  readonly settings: {
    readonly batchSize: number;
    readonly learningRate: number;
    readonly testFraction: number;
    readonly epochs: number;
  };
  readonly data: {
    readonly name: string;
    readonly kind: 'images' | 'table';
    readonly sampleShape: readonly number[];
    readonly classNames: readonly string[];
    readonly trainCounts: readonly number[];
    readonly testCounts: readonly number[];
    readonly imbalanceFactor: number;
  };
  /** The class weights of the loss (float64, sum C). */
  readonly weights: readonly number[];
  readonly history: readonly EpochRecord[];
  /** Held-out metrics of the model as it is now (after the last finished or stopped epoch). */
  readonly metrics: RunMetrics;
  /** `'finished'`, or `'stopped'` (can continue). */
  readonly status: 'finished' | 'stopped';
}
