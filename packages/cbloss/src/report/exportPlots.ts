import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../types.js';
import { assertRuns } from './assertRuns.js';
import { DEFAULT_CHROMIUM, launchBrowser } from './launchBrowser.js';
import { runReportPlots } from './runReportPlots.js';
import { writeReport } from './writeReport.js';

/** Options of {@link exportPlots}. */
export interface ExportPlotsOptions {
  /** Also write PNGs through headless Chromium: `true`, `false`, or `'auto'` (when the browser exists; default). */
  readonly png?: boolean | 'auto';
  /** Device scale factor of the PNGs; default 2 (sharp in docs). */
  readonly scale?: number;
  /** Chromium executable; default `/usr/bin/chromium`. */
  readonly executablePath?: string;
}

/** The files written by {@link exportPlots}, in plot order. */
export interface ExportedPlots {
  readonly svg: readonly string[];
  readonly png: readonly string[];
}

/**
 * Writes every plot of the run report of `runs` as its own standalone SVG file in `dir` (`class-counts.svg`,
 * `effective-number.svg`, `class-weights.svg`, `per-class-accuracy.svg`, `training-curves.svg`,
 * `confusion-1.svg`, ...), and the same as PNG rendered by headless Chromium when available, e.g. for the
 * images of RESULTS.md. Creates `dir`; files are written atomically.
 *
 * Throws `CbLossError` for empty or inconsistent `runs`, and `CbLossError('not-found')` when `png: true`
 * and the browser is missing.
 *
 * @example
 * const { svg, png } = await exportPlots([softmaxRun, cbRun], 'docs/img/demo');
 * // svg: ['docs/img/demo/class-counts.svg', ...], png: ['docs/img/demo/class-counts.png', ...]
 */
export async function exportPlots(runs: readonly RunResults[], dir: string, options: ExportPlotsOptions = {}): Promise<ExportedPlots> {
  assertRuns('exportPlots', runs);
  const plots = await runReportPlots(runs);
  const svg = plots.map((plot) => {
    const path = join(dir, `${plot.id}.svg`);
    writeReport(path, plot.svg);
    return path;
  });
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM;
  const wantPng = options.png ?? 'auto';
  if (wantPng === false || (wantPng === 'auto' && !existsSync(executablePath))) return { svg, png: [] };
  const browser = await launchBrowser('exportPlots', executablePath);
  try {
    const page = await browser.newPage({ deviceScaleFactor: options.scale ?? 2 });
    const png: string[] = [];
    for (const plot of plots) {
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:white">${plot.svg}</body></html>`);
      const path = join(dir, `${plot.id}.png`);
      await page.locator('svg').first().screenshot({ path });
      png.push(path);
    }
    return { svg, png };
  } finally {
    await browser.close();
  }
}
