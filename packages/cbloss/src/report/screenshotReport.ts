import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from './launchBrowser.js';
import { CblossError } from '../CblossError.js';

/** Options of {@link screenshotReport}. */
export interface ScreenshotOptions {
  /** Viewport width in CSS pixels; default 1200. */
  readonly width?: number;
  /** Viewport height; default 900 (the whole page is captured when `fullPage`). */
  readonly height?: number;
  /** Capture the whole page rather than the viewport; default true. */
  readonly fullPage?: boolean;
  /** Device scale factor (2 for sharp images in docs); default 1. */
  readonly scale?: number;
  /** Chromium executable; default `/usr/bin/chromium`. */
  readonly executablePath?: string;
}

/**
 * Opens an HTML report in headless Chromium (playwright-core) and saves a PNG screenshot, e.g. to make the
 * images of RESULTS.md from `report.html`. The page is loaded from disk (`file://`); reports need no network.
 *
 * Throws `CblossError('not-found')` when `htmlPath`, the browser or the optional peer dependency
 * `playwright-core` is missing.
 *
 * @example
 * await screenshotReport('runs/demo/report.html', 'docs/demo-report.png', { width: 1200, scale: 2 });
 */
export async function screenshotReport(htmlPath: string, pngPath: string, options: ScreenshotOptions = {}): Promise<void> {
  if (!existsSync(htmlPath)) {
    throw new CblossError('not-found', `screenshotReport: 'htmlPath' must be an existing file; got ${JSON.stringify(htmlPath)}.`);
  }
  const browser = await launchBrowser('screenshotReport', options.executablePath);
  try {
    const page = await browser.newPage({
      viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
      deviceScaleFactor: options.scale ?? 1,
    });
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load' });
    mkdirSync(dirname(resolve(pngPath)), { recursive: true });
    await page.screenshot({ path: pngPath, fullPage: options.fullPage ?? true });
  } finally {
    await browser.close();
  }
}
