import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults, SweepResults } from '../types.js';
import { assertRuns } from './assertRuns.js';
import { assertSweep } from './assertSweep.js';
import { DEFAULT_CHROMIUM, launchBrowser } from './launchBrowser.js';
import { canLoadPlaywright } from './loadPlaywright.js';
import { runReportPlots, type ReportPlot } from './runReportPlots.js';
import { sweepReportPlots } from './sweepReportPlots.js';
import { writeReport } from './writeReport.js';

/** Options of {@link exportPlots} and {@link exportSweepPlots}. */
export interface ExportPlotsOptions {
  /** Also write PNGs through headless Chromium: `true`, `false`, or `'auto'` (when the browser and the optional
   * peer dependency `playwright-core` are installed; default). */
  readonly png?: boolean | 'auto';
  /** Device scale factor of the PNGs; default 2 (sharp in docs). */
  readonly scale?: number;
  /** Chromium executable; default `/usr/bin/chromium`. */
  readonly executablePath?: string;
}

/** The files written by {@link exportPlots} or {@link exportSweepPlots}, in plot order. */
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
 * Throws `CblossError` for empty or inconsistent `runs`, and `CblossError('not-found')` when `png: true`
 * and the browser or `playwright-core` is missing.
 *
 * @example
 * const { svg, png } = await exportPlots([softmaxRun, cbRun], 'docs/img/demo');
 * // svg: ['docs/img/demo/class-counts.svg', ...], png: ['docs/img/demo/class-counts.png', ...]
 */
export async function exportPlots(runs: readonly RunResults[], dir: string, options: ExportPlotsOptions = {}): Promise<ExportedPlots> {
  assertRuns('exportPlots', runs);
  return writePlotFiles('exportPlots', await runReportPlots(runs), dir, options);
}

/**
 * Writes every plot of the sweep report of `sweep` (see {@link sweepReportPlots}; today `error-vs-beta.svg`)
 * as its own standalone SVG file in `dir`, and the same as PNG rendered by headless Chromium when available,
 * like {@link exportPlots}. Creates `dir`; files are written atomically. Writes nothing (and returns empty
 * lists) when no cell of the sweep has finished.
 *
 * Throws `CblossError('invalid-argument')` when `sweep` has no `cells` or `table` array, and
 * `CblossError('not-found')` when `png: true` and the browser or `playwright-core` is missing.
 *
 * @example
 * const sweep = JSON.parse(readFileSync('runs/fmnist-sweep/sweep.json', 'utf8'));
 * const { svg } = await exportSweepPlots(sweep, 'docs/img/sweep', { png: false });
 * // svg: ['docs/img/sweep/error-vs-beta.svg']
 */
export async function exportSweepPlots(sweep: SweepResults, dir: string, options: ExportPlotsOptions = {}): Promise<ExportedPlots> {
  assertSweep('exportSweepPlots', sweep);
  return writePlotFiles('exportSweepPlots', await sweepReportPlots(sweep), dir, options);
}

/** Writes `dir/<id>.svg` for each plot, then `dir/<id>.png` through Chromium unless `png` says otherwise. */
async function writePlotFiles(fn: string, plots: readonly ReportPlot[], dir: string, options: ExportPlotsOptions): Promise<ExportedPlots> {
  const svg = plots.map((plot) => {
    const path = join(dir, `${plot.id}.svg`);
    writeReport(path, plot.svg);
    return path;
  });
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM;
  const wantPng = options.png ?? 'auto';
  if (plots.length === 0 || wantPng === false) return { svg, png: [] };
  if (wantPng === 'auto' && !(existsSync(executablePath) && (await canLoadPlaywright()))) return { svg, png: [] };
  const browser = await launchBrowser(fn, executablePath);
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
