import { RunOptionsError } from './RunOptionsError.js';

/**
 * Where the run layer passes its options to the dataset loaders: each loader argument (as a loader's
 * {@link RunOptionsError} names it) and the run option it comes from. `--dataset csv:PATH` gives `loadCsv` its
 * `path` and `folder:PATH` gives `loadImageFolder` its `root`; `--data-dir` is every loader's `dataDir`.
 */
export const LOADER_ARGUMENT_PATHS: Readonly<Record<string, string>> = {
  dataDir: 'compute.dataDir',
  path: 'data.dataset',
  root: 'data.dataset',
};

/**
 * Runs `body` and re-phrases a {@link RunOptionsError} that names an argument of a function the run layer called
 * (e.g. a loader's `'dataDir'`) in terms of the run option that gave it (`'compute.dataDir'`), as thrown by
 * `caller`; the CLI then names the flag the user typed (`--data-dir`). Quoted argument names inside the rule and
 * the hint are renamed too. Other errors pass through unchanged.
 *
 * @example
 * await inOptionTerms('runExperiment', () => loadDataset('mnist', {}), LOADER_ARGUMENT_PATHS);
 * // RunOptionsError: runExperiment: 'compute.dataDir' must be given for 'mnist' (...); got undefined.
 */
export async function inOptionTerms<T>(caller: string, body: () => T | Promise<T>, paths: Readonly<Record<string, string>>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof RunOptionsError)) throw error;
    const path = paths[error.path];
    if (path === undefined) throw error;
    const rename = (text: string): string => text.replace(/'([a-zA-Z]+)'/g, (whole, name: string) => (paths[name] === undefined ? whole : `'${paths[name]}'`));
    throw new RunOptionsError(caller, path, rename(error.rule), error.value, error.code, rename(error.hint));
  }
}
