/** Running experiments: options with the paper's defaults, one complete run, and its saved model. */
export { defaultsForDataset, PAPER_DEFAULTS, resolveRunOptions, validateRunOptions } from './defaultRunOptions.js';
export { loadRunModel, type LoadedRun } from './loadRunModel.js';
export { RUN_FILES, runExperiment, type RunHooks } from './runExperiment.js';
export { MODEL_FILES, saveRunModel, type ModelInputSpec } from './saveRunModel.js';
export { cblossVersion } from './version.js';
