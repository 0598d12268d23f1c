import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { loadPlaywright } from './loadPlaywright.js';
import { CblossError } from '../CblossError.js';

/** Where Debian's `chromium` package puts the browser; the default of every browser helper here. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet headless Chromium: no sandbox (containers), no GPU, no network chatter. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches a headless Chromium through playwright-core (an optional peer dependency, imported when a
 * screenshot is asked for). Throws `CblossError('not-found')` naming the path when the browser executable is
 * missing, or naming the package when playwright-core is not installed.
 *
 * @example
 * const browser = await launchBrowser();
 * try { ... } finally { await browser.close(); }
 */
export async function launchBrowser(fn: string, executablePath: string = DEFAULT_CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new CblossError('not-found', `${fn}: 'executablePath' must be an installed Chromium; got ${JSON.stringify(executablePath)} (no such file).`);
  }
  const { chromium } = await loadPlaywright(fn);
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
}
