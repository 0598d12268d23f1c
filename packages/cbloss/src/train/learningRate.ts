import { CblossError } from '../CblossError.js';

/** The learning-rate schedule of one run. */
export interface LearningRateOptions {
  /** Peak learning rate, reached at the end of the warm-up. */
  readonly baseLr: number;
  /** Requested linear warm-up length in epochs (the paper: 5). Capped at `epochs / 10`, see {@link learningRateAt}. */
  readonly warmupEpochs: number;
  /** Total number of epochs of the run. */
  readonly epochs: number;
  /**
   * Epochs (0-based progress) at which the learning rate is multiplied by `decay`. Default: `[0.8·epochs,
   * 0.9·epochs]`, i.e. the paper's 160th and 180th of 200 epochs, scaled to the run length.
   */
  readonly milestones?: readonly number[];
  /** Factor applied at each milestone. Default `0.01` (the paper: "decay by 0.01 at the 160th and 180th epoch"). */
  readonly decay?: number;
}

/** The paper's milestones as fractions of the run: epochs 160 and 180 of 200. */
const DEFAULT_MILESTONE_FRACTIONS = [160 / 200, 180 / 200] as const;

/**
 * The warm-up actually used: the requested length, capped at a tenth of the run so that short runs
 * (smoke tests, `--epochs 10`) still spend most of their time at the full rate. 200 epochs keep 5; 10 epochs get 1.
 */
export function effectiveWarmupEpochs(warmupEpochs: number, epochs: number): number {
  return Math.min(warmupEpochs, epochs / 10);
}

/** The milestones used for a run of `epochs` epochs when none are given: `[0.8·epochs, 0.9·epochs]`. */
export function defaultMilestones(epochs: number): number[] {
  return DEFAULT_MILESTONE_FRACTIONS.map((f) => f * epochs);
}

/**
 * Learning rate at a point of training — the schedule of Cui et al. (arXiv:1901.05555, §5.1, after Goyal et
 * al.'s linear warm-up): linear warm-up from 0 to `baseLr` over the first `w` epochs, then `baseLr`, multiplied by
 * `decay` at each milestone passed.
 *
 * `lr(t) = baseLr · min(1, t / w) · decay^(number of milestones m with t ≥ m)`, where `t` is the fractional,
 * 0-based progress in epochs and `w = min(warmupEpochs, epochs / 10)` ({@link effectiveWarmupEpochs}).
 * The trainer evaluates it at the middle of each step (`epoch + (batch + 0.5) / batches`), so the first step
 * already has a positive rate and a milestone at epoch 160 applies from the first step of 0-based epoch 160. With the defaults and 200 epochs: 0.1 from epoch 5, 0.001 from epoch 160,
 * 1e-5 from epoch 180.
 *
 * @example
 * learningRateAt(2.5, { baseLr: 0.1, warmupEpochs: 5, epochs: 200 }); // 0.05
 * learningRateAt(170, { baseLr: 0.1, warmupEpochs: 5, epochs: 200 }); // 0.001
 * learningRateAt(8, { baseLr: 0.1, warmupEpochs: 5, epochs: 10 });   // 0.001 (milestones 8 and 9)
 */
export function learningRateAt(epoch: number, options: LearningRateOptions): number {
  const { baseLr, warmupEpochs, epochs } = options;
  const decay = options.decay ?? 0.01;
  if (!Number.isFinite(epoch) || epoch < 0) invalid('epoch', 'be a finite number >= 0', epoch);
  if (!Number.isFinite(baseLr) || baseLr < 0) invalid('baseLr', 'be a finite number >= 0', baseLr);
  if (!Number.isFinite(warmupEpochs) || warmupEpochs < 0) invalid('warmupEpochs', 'be a finite number >= 0', warmupEpochs);
  if (!Number.isFinite(epochs) || epochs <= 0) invalid('epochs', 'be a finite number > 0', epochs);
  if (!Number.isFinite(decay) || decay <= 0) invalid('decay', 'be a finite number > 0', decay);
  const milestones = options.milestones ?? defaultMilestones(epochs);
  const warmup = effectiveWarmupEpochs(warmupEpochs, epochs);
  const warm = warmup > 0 ? Math.min(1, epoch / warmup) : 1;
  const passed = milestones.filter((m) => epoch >= m).length;
  return baseLr * warm * decay ** passed;
}

function invalid(arg: string, rule: string, value: unknown): never {
  throw new CblossError('invalid-argument', `learningRateAt: '${arg}' must ${rule}; got ${String(value)}.`);
}
