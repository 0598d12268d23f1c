import { describe, expect, it } from 'vitest';
import { canLoadPlaywright, loadPlaywright, type Playwright } from '../../src/report/loadPlaywright.js';
import { CblossError } from '../../src/CblossError.js';

/** What Node throws for `import('playwright-core')` when the package is not installed. */
function missing(code: string): () => Promise<Playwright> {
  return () => Promise.reject(Object.assign(new Error("Cannot find package 'playwright-core' imported from /app/node_modules/cbloss/dist/report/loadPlaywright.js"), { code }));
}

describe('loadPlaywright (playwright-core is an optional peer dependency)', () => {
  it('loads the installed package (a devDependency here)', async () => {
    const playwright = await loadPlaywright('screenshotReport');
    expect(typeof playwright.chromium.launch).toBe('function');
    expect(await canLoadPlaywright()).toBe(true);
  });

  it.each(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])('names the package to install when it is missing (%s)', async (code) => {
    const error = await loadPlaywright('screenshotReport', missing(code)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CblossError);
    expect((error as CblossError).code).toBe('not-found');
    expect((error as CblossError).message).toBe(
      "screenshotReport: the optional peer dependency 'playwright-core' must be installed for PNG output (npm install playwright-core); got: not installed.",
    );
    expect(await canLoadPlaywright(missing(code))).toBe(false);
  });

  it('passes any other failure through unchanged (a broken install is not a missing one)', async () => {
    const broken = Object.assign(new Error("Cannot find module '/app/node_modules/playwright-core/lib/server.js'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await loadPlaywright('exportPlots', () => Promise.reject(broken)).catch((e: unknown) => e);
    expect(error).toBe(broken);
  });
});
