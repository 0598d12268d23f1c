/** Running experiments: nested run options with the paper's defaults, one complete run, and its saved model. */
export { RUN_DEFAULTS } from './runDefaults.js';
export { resolveRunOptions } from './resolveRunOptions.js';
export { RUN_OPTION_RULES, validateRunOptions } from './validateRunOptions.js';
export { RunOptionsError } from './RunOptionsError.js';
export { dataDefaults } from './dataDefaults.js';
export { resumedOptions } from './resumedOptions.js';
export { upgradeRunOptions } from './upgradeRunOptions.js';
export { loadRunModel, type LoadedRun } from './loadRunModel.js';
export { RUN_FILES, runExperiment, runExperimentRank, type RunHooks, type TrainingSnapshot } from './runExperiment.js';
export { MODEL_FILES, saveRunModel, type ModelInputSpec } from './saveRunModel.js';
export { cblossVersion } from './version.js';
