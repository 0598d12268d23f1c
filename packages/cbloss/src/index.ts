/**
 * `cbloss`: experiments with class-balanced losses (Cui et al., CVPR 2019, arXiv:1901.05555) on long-tailed
 * data, as a library. The `cbloss` command line is a thin layer over exactly these functions:
 *
 * - data: `loadDataset(spec)`, `makeLongTailed(split, C, { imbalanceFactor })`, `splitValidation`, readers;
 * - models and backends: `buildModel(name, ...)`, `selectBackend('auto')`;
 * - training and runs: `resolveRunOptions(partial)`, `runExperiment(options)` → `RunResults`, `loadRunModel(dir)`;
 * - evaluation: `evaluateSplit`, `predictClasses`, `channelStats`, `normalizeBatch`; confusion matrices by their
 *   nonzero cells (`sparseConfusionMatrix`) and as results.json stores them (`storedConfusionMatrix`);
 * - reports: `renderRunReport(runs)`, `renderSweepReport(sweep)`, text tables, `writeReport`, plots as files
 *   (`exportPlots(runs, dir)`, `exportSweepPlots(sweep, dir)`);
 * - sweeps: `sweepCells(grid)`, `summarizeSweep(cells)`, `runSweep(...)`; the demo: `runDemo()`;
 * - the CLI itself: `main(argv)`;
 * - errors: `CblossError` (with a stable `code`) for cbloss's own conditions; what the loss library reports stays
 *   its `CbLossError`.
 *
 * @example
 * import { resolveRunOptions, runExperiment, formatResultsTable } from 'cbloss';
 * const results = await runExperiment(resolveRunOptions({ dataset: 'fashion-mnist', imbalanceFactor: 100,
 *   loss: 'softmax', beta: 0.9999, epochs: 10, out: 'runs/cb' }));
 * console.log(formatResultsTable([results]));
 *
 * @packageDocumentation
 */
export type * from './types.js';
export { CblossError, CBLOSS_ERROR_CODES, type CblossErrorCode } from './CblossError.js';
export { createRng, type Rng } from './util/rng.js';

export * from './data/index.js';

// --- Large-scale streaming and the ImageNet ResNets (issue 9 §1, §2) -----------------------------------
// Datasets indexed from annotation files and decoded on the fly by worker threads; ResNet-50/101/152.
export * from './data/stream/index.js';
export { longTailedIndices, type LongTailedIndexOptions } from './data/longTailedIndices.js';
export { buildBottleneckResNet, BOTTLENECK_STAGES, type BottleneckDepth } from './models/resnetBottleneck.js';
// -------------------------------------------------------------------------------------------------------

export { buildModel, type BuildModelOptions } from './models/buildModel.js';
export { heNormal, TRUNCATED_NORMAL_STD } from './models/heNormal.js';
export { MODEL_NAMES, resolveModelName } from './models/modelNames.js';
export { weightDecayVariables } from './models/weightDecayVariables.js';
export { selectBackend, LIBTORCH_INSTALL_HINT, type SelectBackendOptions, type SelectedBackend } from './backend/selectBackend.js';

export {
  evaluateSplit,
  predictClasses,
  type EvaluateSplitOptions,
  type NormalizeFn,
  type SplitEvaluation,
} from './eval/evaluate.js';
export { channelStats, normalizeBatch, type ChannelStats } from './eval/normalization.js';
export { perClassAccuracyOf, sparseConfusionMatrix, type ConfusionEntry, type SparseConfusionMatrix } from './eval/sparseConfusionMatrix.js';
export {
  confusionMatrixClasses,
  DENSE_CONFUSION_MAX_CLASSES,
  isSparseConfusionMatrix,
  storedConfusionMatrix,
  toDenseConfusionMatrix,
  toSparseConfusionMatrix,
  type DenseConfusionMatrix,
  type StoredConfusionMatrix,
} from './eval/storedConfusionMatrix.js';

export * from './train/index.js';
export * from './distributed/index.js';
export * from './run/index.js';
export * from './report/index.js';

export * from './sweep/index.js';
export * from './demo/index.js';
export { main } from './cli/main.js';
export type { CliIo } from './cli/CliIo.js';
