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
  /** Top-1 error (percent) on the test set, or class-balanced error on the validation set when one is used, if evaluated. */
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
  readonly perClassAccuracy: readonly (number | null)[]; // percent, by class index; null if no test sample
  readonly shotAccuracy: ShotAccuracy;
  readonly confusionMatrix: readonly (readonly number[])[]; // [true][predicted] counts
  /** Class-balanced error (100 − mean per-class accuracy, percent) on the long-tailed validation split, when there is one. */
  readonly validationError?: number;
  readonly history: readonly EpochRecord[];
  readonly imagesPerSecond: number; // training throughput, whole run
  readonly trainSeconds: number;
  readonly startedAt: string; // ISO time
  readonly finishedAt: string;
}

/** Names accepted by `--model`. */
export type ModelName = 'resnet20' | 'resnet32' | 'resnet44' | 'resnet56' | 'resnet110' | 'cnn' | 'mlp';
/** Names accepted by `--backend`. */
export type BackendChoice = 'auto' | 'libtorch' | 'wasm' | 'cpu';

/** Every option of one training run (the CLI flags, defaults included); stored as `results.json` `options`. */
export interface RunOptions {
  readonly dataset: string; // 'fashion-mnist' | 'mnist' | 'cifar10' | 'cifar100' | 'folder:PATH' | 'csv:PATH' | 'synthetic'
  readonly dataDir?: string; // overrides the dataset's default location
  readonly imbalanceFactor: number; // 1 keeps the data balanced
  readonly profile: 'exponential' | 'step';
  readonly loss: 'softmax' | 'sigmoid' | 'focal';
  readonly beta: number; // 0 = no re-weighting
  readonly gamma: number; // focal only
  readonly model: ModelName;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly warmupEpochs: number;
  readonly augment: boolean; // random crop (pad 4) + horizontal flip; default true for 32x32 RGB only
  readonly validationFraction: number; // 0 = none; else a stratified split of the long-tailed train set
  readonly seed: number;
  readonly backend: BackendChoice;
  readonly threads?: number;
  readonly out: string; // run directory
  readonly resume: boolean;
}

/** One cell of a sweep: a loss setting at an imbalance factor, with its seed. */
export interface SweepCell {
  readonly id: string; // directory name under the sweep directory, e.g. 'if100-focal-b0.999-g1-s1'
  readonly imbalanceFactor: number;
  readonly loss: RunOptions['loss'];
  readonly beta: number;
  readonly gamma: number;
  readonly seed: number;
}

/** What `cbloss sweep` writes to `DIR/sweep.json`. */
export interface SweepResults {
  readonly version: string;
  readonly baseOptions: Readonly<Record<string, unknown>>;
  /** `sameAs`: the β = 0 cell whose run this cell reuses because all its class weights are 1 (equal counts). */
  readonly cells: readonly (SweepCell & { readonly results?: RunResults; readonly sameAs?: string })[];
  /** Rows = loss names, columns = imbalance factors: the best (lowest selection error) setting of each. */
  readonly table: readonly {
    readonly loss: string; // e.g. 'softmax', 'CB focal'
    /** `unweighted`: every cell of the chosen setting reused its β = 0 run (all class weights 1). */
    readonly byImbalanceFactor: Readonly<
      Record<
        string,
        { readonly top1Error: number; readonly std?: number; readonly beta: number; readonly gamma: number; readonly seeds: number; readonly unweighted?: true } | null
      >
    >;
  }[];
  readonly selection: 'validation' | 'test'; // which split chose beta/gamma
  readonly wallSeconds: number;
}
