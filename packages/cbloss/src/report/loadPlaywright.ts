import { CblossError } from '../CblossError.js';

/** The `playwright-core` module (types only: the package itself is optional). */
export type Playwright = typeof import('playwright-core');

const PACKAGE = 'playwright-core';

function isPackageMissing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(message).includes(`'${PACKAGE}'`);
}

/**
 * Imports `playwright-core` when first needed. It is an optional peer dependency of cbloss, used only for PNG
 * output (`screenshotReport`, `exportPlots`/`exportSweepPlots` with `png`), so a plain `npm install cbloss`
 * does not bring it.
 *
 * @param fn - the exported function asking, named in the error.
 * @param load - the import itself (tests replace it).
 * @throws CblossError `not-found` naming the package to install when it is not installed; any other error as is.
 * @example
 * const { chromium } = await loadPlaywright('screenshotReport');
 * // without the package: "screenshotReport: the optional peer dependency 'playwright-core' must be installed
 * // for PNG output (npm install playwright-core); got: not installed."
 */
export async function loadPlaywright(fn: string, load: () => Promise<Playwright> = () => import(PACKAGE)): Promise<Playwright> {
  try {
    return await load();
  } catch (error) {
    if (!isPackageMissing(error)) throw error;
    throw new CblossError('not-found', `${fn}: the optional peer dependency '${PACKAGE}' must be installed for PNG output (npm install ${PACKAGE}); got: not installed.`);
  }
}

/**
 * Whether `playwright-core` can be imported (for `png: 'auto'`). Never throws.
 * @example await canLoadPlaywright(); // true in this repository (a devDependency)
 */
export async function canLoadPlaywright(load?: () => Promise<Playwright>): Promise<boolean> {
  return loadPlaywright('canLoadPlaywright', load).then(
    () => true,
    () => false,
  );
}
