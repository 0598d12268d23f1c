/**
 * The shared data shapes of the experiment system: what readers produce, what training consumes and what
 * reports render. Every module of `cbloss` agrees on these.
 */

/** One split (train or test) of a dataset, in memory. */
export interface DataSplit {
  /**
   * Samples, row-major. Images: `Uint8Array` of `count × H × W × C` (NHWC, 0..255).
   * Tabular: `Float32Array` of `count × F`.
   */
  readonly x: Uint8Array | Float32Array;
  /** Class index of each sample, in `[0, numClasses)`. */
  readonly labels: Int32Array;
  /** Number of samples. */
  readonly count: number;
}

/** A dataset with a training and a test split. */
export interface Dataset {
  /** e.g. 'fashion-mnist', 'cifar10', 'folder:/data/pets', 'synthetic'. */
  readonly name: string;
  readonly kind: 'image' | 'tabular';
  /** Shape of one sample: `[H, W, C]` for images, `[F]` for tabular. */
  readonly sampleShape: readonly number[];
  readonly numClasses: number;
  /** Human-readable class names, by class index. */
  readonly classNames: readonly string[];
  readonly train: DataSplit;
  readonly test: DataSplit;
  /** Where the data came from (paths), for the record. */
  readonly source: string;
}

/** Per-epoch record of training. */
export interface EpochRecord {
  readonly epoch: number; // 1-based
  readonly loss: number; // mean training loss over the epoch
  readonly trainAccuracy: number; // percent, on the (long-tailed) training batches
  readonly learningRate: number; // at the end of the epoch
  readonly seconds: number;
  readonly imagesPerSecond: number;
  /** Top-1 error (percent) on the test set (or validation set when one is used), if evaluated. */
  readonly testError?: number;
}

/** Accuracy (percent) of the many/medium/few-shot class groups, with the thresholds used. */
export interface ShotAccuracy {
  readonly many: number | null; // null when the group is empty
  readonly medium: number | null;
  readonly few: number | null;
  /** Classes with more than `manyAbove` training samples are many-shot; fewer than `fewBelow` few-shot. */
  readonly manyAbove: number;
  readonly fewBelow: number;
}

/** What `cbloss train` writes to `DIR/results.json`. */
export interface RunResults {
  readonly version: string; // cbloss package version
  readonly backend: string; // tfjs backend name actually used
  readonly options: Readonly<Record<string, unknown>>; // every option, defaults included
  readonly dataset: { readonly name: string; readonly source: string; readonly classNames: readonly string[] };
  readonly samplesPerClass: readonly number[]; // training counts after the long-tail construction
  readonly testSamplesPerClass: readonly number[];
  readonly effectiveNumbers: readonly number[];
  readonly classWeights: readonly number[];
  readonly top1Error: number; // percent, on the balanced test set
  readonly perClassAccuracy: readonly number[]; // percent, by class index
  readonly shotAccuracy: ShotAccuracy;
  readonly confusionMatrix: readonly (readonly number[])[]; // [true][predicted] counts
  readonly validationError?: number; // percent, when a validation split was carved out
  readonly history: readonly EpochRecord[];
  readonly imagesPerSecond: number; // training throughput, whole run
  readonly trainSeconds: number;
  readonly startedAt: string; // ISO time
  readonly finishedAt: string;
}
