import type { LongTailProfile, SamplerName } from 'class-balanced-loss';
import type { StoredConfusionMatrix } from './eval/storedConfusionMatrix.js';

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
  /** The run's name in reports (`--name`), when one was given; reports fall back to the directory's name. */
  readonly name?: string;
  readonly version: string; // cbloss package version
  readonly backend: string; // tfjs backend name actually used
  /** Data-parallel processes that finished the run (`--nproc`, or torchrun's WORLD_SIZE); absent for one process. */
  readonly processes?: number;
  readonly options: RunOptions; // every option, defaults and data-decided choices (model, augment) filled in
  readonly dataset: { readonly name: string; readonly source: string; readonly classNames: readonly string[] };
  readonly samplesPerClass: readonly number[]; // training counts after the long-tail construction
  readonly testSamplesPerClass: readonly number[];
  readonly effectiveNumbers: readonly number[];
  readonly classWeights: readonly number[];
  readonly top1Error: number; // percent, on the balanced test set
  readonly perClassAccuracy: readonly (number | null)[]; // percent, by class index; null if no test sample
  readonly shotAccuracy: ShotAccuracy;
  /**
   * `[true][predicted]` counts of the test set: C rows of C counts up to `DENSE_CONFUSION_MAX_CLASSES` (100) classes,
   * beyond it only the nonzero cells, `{ format: 'sparse', numClasses, entries: [[true, predicted, count], ...] }`.
   */
  readonly confusionMatrix: StoredConfusionMatrix;
  /** Class-balanced error (100 − mean per-class accuracy, percent) on the long-tailed validation split, when there is one. */
  readonly validationError?: number;
  readonly history: readonly EpochRecord[];
  /** Top-5 error (percent) on the test set: streamed datasets. */
  readonly top5Error?: number;
  /** Image files left out because they could not be read (`data.skipBadImages`): streamed datasets. */
  readonly skippedImages?: number;
  readonly imagesPerSecond: number; // training throughput, whole run
  readonly trainSeconds: number;
  readonly startedAt: string; // ISO time
  readonly finishedAt: string;
}

/** Names accepted by `--model`. */
export type ModelName = 'resnet20' | 'resnet32' | 'resnet44' | 'resnet56' | 'resnet110' | 'resnet50' | 'resnet101' | 'resnet152' | 'cnn' | 'mlp';
/** Names accepted by `--backend`. */
export type BackendChoice = (typeof import('./backend/selectBackend.js').BACKEND_CHOICES)[number];

/** What data a run trains on: the dataset, its long-tailed training set and its held-out split. */
export interface DataOptions {
  /** A dataset spec of the dataset registry: `'fashion-mnist'`, `'cifar10'`, `'folder:PATH'`, `'csv:PATH'`, ... */
  readonly dataset: string;
  /** n_max / n_min of the long-tailed training set; 1 keeps the data as it is. */
  readonly imbalanceFactor: number;
  readonly profile: LongTailProfile;
  /** 0 = none; else a stratified fraction of the long-tailed training set held out for validation. */
  readonly validationFraction: number;
  /** Random crop (pad 4) + horizontal flip. Undefined: decided by the loaded data (on for RGB images of 32 px and more). */
  readonly augment?: boolean | undefined;
  /** How each epoch draws its examples: a sampler of the library's registry (`SAMPLERS`), e.g. `'class-balanced'`. */
  readonly sampler: SamplerName;
  /** Streamed datasets: the side in pixels of the training crops and evaluation centre crops (the paper: 224; 320 too). Default 224. */
  readonly imageSize?: number | undefined;
  /** Streamed datasets: leave out missing, truncated or corrupt image files (counted and reported) instead of stopping. */
  readonly skipBadImages?: boolean | undefined;
}

/** The loss: a method of the library's registry, its class-balanced β, its own parameters and deferred re-weighting. */
export interface LossSettings {
  /** A name of the library's `LOSS_METHODS`, e.g. `'focal'`. */
  readonly method: string;
  /** Class-balanced β in [0, 1]; 0 = unweighted. */
  readonly beta: number;
  /** The method's own parameters by name (e.g. `{ gamma: 1 }`); every one present once resolved. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Deferred re-weighting: epochs trained unweighted before the class-balanced weights switch on. Undefined: from the start. */
  readonly drwEpoch?: number | undefined;
  /**
   * Post-hoc logit adjustment (Menon et al., arXiv:2007.07314): predictions take the arg-max of logits − τ·log π_c,
   * π the training class frequencies, in every evaluation. Undefined: none.
   */
  readonly posthocTau?: number | undefined;
}

/** The model. */
export interface ModelOptions {
  /** Undefined: decided by the loaded data (tabular → mlp, RGB 32 px and more → resnet32, other images → cnn). */
  readonly name?: ModelName | undefined;
  /**
   * τ-normalisation of the trained classifier (Kang et al., arXiv:1910.09217): after training, each class's final
   * weight vector is divided by its norm to the power τ (τ = 1: unit norms). Undefined: none.
   */
  readonly tauNorm?: number | undefined;
  /**
   * Classifier re-training, cRT (Kang et al., arXiv:1910.09217): after training, this many epochs re-train a fresh
   * final layer on the frozen features with class-balanced sampling. Undefined: none.
   */
  readonly crtEpochs?: number | undefined;
}

/** SGD with momentum and the learning-rate schedule. */
export interface OptimiserOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly warmupEpochs: number;
  /** Nesterov momentum (the large-scale recipe). Undefined: plain momentum. */
  readonly nesterov?: boolean | undefined;
  /** Gradient accumulation: micro-batches per step of `batchSize` samples (must divide it). Undefined: 1. */
  readonly accumulate?: number | undefined;
  /** Learning-rate milestones in epochs. Undefined: `[0.8·epochs, 0.9·epochs]` (the paper's CIFAR schedule). */
  readonly milestones?: readonly number[] | undefined;
  /** Factor applied to the learning rate at each milestone. Undefined: 0.01 (the paper's CIFAR schedule). */
  readonly lrDecay?: number | undefined;
  /** What weight decay applies to: one of `DECAY_SCOPES`. Undefined: `'all'`. */
  readonly decayScope?: DecayScope | undefined;
  /** The preset (`RECIPES`) the run's defaults came from, recorded for reports. Undefined: none. */
  readonly recipe?: RecipeName | undefined;
}

/**
 * What weight decay applies to: `'all'` every trainable variable but a prior-initialised final bias (the paper's CIFAR
 * code); `'kernels'` convolution and dense kernels only, not batch-norm γ/β nor biases (the paper's ImageNet code).
 */
export const DECAY_SCOPES = ['all', 'kernels'] as const;
/** One of {@link DECAY_SCOPES}. */
export type DecayScope = (typeof DECAY_SCOPES)[number];
/** Names accepted by `--recipe`. */
export type RecipeName = (typeof import('./run/recipes.js').RECIPE_NAMES)[number];

/** Where and how this machine computes: none of it changes what is computed, so all of it may change on resume. */
export interface ComputeOptions {
  readonly backend: BackendChoice;
  /** Threads of the libtorch or wasm backend; undefined = the backend's own default. */
  readonly threads?: number | undefined;
  /** This machine's copy of the dataset files; overrides the dataset's default location. */
  readonly dataDir?: string | undefined;
  /** Streamed datasets: image decoding worker threads. Undefined: min(4, cores − 1), at least 1. */
  readonly workers?: number | undefined;
}

/** Where the run writes, and whether it continues a run there. May change on resume (`out` is where it is found). */
export interface OutputOptions {
  /** The run directory. */
  readonly out: string;
  /** The run's name in reports (recorded as `results.json` `name`); default: the directory's name. */
  readonly name?: string | undefined;
  readonly resume: boolean;
}

/**
 * Every option of one training run, nested by concern; stored as `results.json` `options` with the defaults filled
 * in. What a run computes is `data`, `loss`, `model`, `optimiser` and `seed`: fixed once the run has started. `compute`
 * and `output` say where and how: they may change when a run is resumed.
 */
export interface RunOptions {
  readonly data: DataOptions;
  readonly loss: LossSettings;
  readonly model: ModelOptions;
  readonly optimiser: OptimiserOptions;
  /** Seed of every random choice: the long-tailed subset, the validation split, the initial weights, shuffling, augmentation. */
  readonly seed: number;
  readonly compute: ComputeOptions;
  readonly output: OutputOptions;
}

/** The groups of {@link RunOptions} that decide what a run computes (the rest may change on resume). */
export const COMPUTED_GROUPS = ['data', 'loss', 'model', 'optimiser', 'seed'] as const satisfies readonly (keyof RunOptions)[];

/** A partial {@link RunOptions}, as code or the CLI gives it: every group and field optional except `output.out`. */
export interface RunOptionsInput {
  readonly data?: Partial<DataOptions>;
  readonly loss?: Partial<LossSettings>;
  readonly model?: ModelOptions;
  readonly optimiser?: Partial<OptimiserOptions>;
  readonly seed?: number;
  readonly compute?: Partial<ComputeOptions>;
  readonly output: Partial<OutputOptions> & { readonly out: string };
  /** A preset of `RECIPES` (e.g. `'imagenet'`) whose settings fill every option not given (see `resolveRunOptions`). */
  readonly recipe?: string;
}

/** One cell of a sweep: a loss setting at an imbalance factor, with its seed. */
export interface SweepCell {
  readonly id: string; // directory name under the sweep directory, e.g. 'if100-focal-b0.999-g1-s1'
  readonly imbalanceFactor: number;
  /** A method of the library's registry. */
  readonly loss: string;
  readonly beta: number;
  /** The method's own parameters (e.g. `{ gamma: 1 }`), every one present. */
  readonly parameters: Readonly<Record<string, number>>;
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
        { readonly top1Error: number; readonly std?: number; readonly beta: number; readonly parameters: Readonly<Record<string, number>>; readonly seeds: number; readonly unweighted?: true } | null
      >
    >;
  }[];
  readonly selection: 'validation' | 'test'; // which split chose beta/gamma
  readonly wallSeconds: number;
}
