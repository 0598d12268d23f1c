import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../../src/report/launchBrowser.js';
import { renderRunReport } from '../../src/report/renderRunReport.js';
import { renderSweepReport } from '../../src/report/renderSweepReport.js';
import { screenshotReport } from '../../src/report/screenshotReport.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN, SWEEP } from './fixtures.js';

const hasChromium = existsSync(DEFAULT_CHROMIUM);
const skipNote = hasChromium ? '' : ` (SKIPPED: no browser at ${DEFAULT_CHROMIUM}; install Debian's chromium to run it)`;
const dir = mkdtempSync(join(tmpdir(), 'cbloss-report-browser-'));

/** What the browser sees of each plot: the SVG's box and how many marks have a non-empty box. */
interface PlotCheck {
  id: string;
  width: number;
  height: number;
  /** Visible marks by vega mark type ('rect', 'line', 'symbol', 'text', 'rule'): non-empty bounding box. */
  marks: Record<string, number>;
}

async function checkPlots(browser: Browser, htmlPath: string): Promise<PlotCheck[]> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(pathToFileURL(htmlPath).href);
  const checks = await page.$$eval('figure.plot', (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      const marks: Record<string, number> = {};
      for (const el of figure.querySelectorAll('.role-mark > *')) {
        const b = (el as unknown as { getBBox(): { width: number; height: number } }).getBBox();
        const type = /\bmark-(\w+)/.exec(el.parentElement?.getAttribute('class') ?? '')?.[1] ?? '?';
        // Rules are lines: one of their two sides is 0.
        if (type === 'rule' ? b.width > 0 || b.height > 0 : b.width > 0 && b.height > 0) marks[type] = (marks[type] ?? 0) + 1;
      }
      return { id: figure.getAttribute('data-plot') ?? '', width: box?.width ?? 0, height: box?.height ?? 0, marks };
    }),
  );
  await page.close();
  return checks;
}

describe(`HTML reports in headless Chromium${skipNote}`, () => {
  let browser: Browser | undefined;
  const runHtml = join(dir, 'run', 'report.html');
  const sweepHtml = join(dir, 'sweep', 'report.html');

  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'run'));
    mkdirSync(join(dir, 'sweep'));
    writeFileSync(runHtml, await renderRunReport([SOFTMAX_RUN, CB_FOCAL_RUN]));
    writeFileSync(sweepHtml, await renderSweepReport(SWEEP));
    if (hasChromium) {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: [...CHROMIUM_ARGS] });
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.skipIf(!hasChromium)('renders every plot of the run report with a visible SVG and visible marks', async () => {
    const checks = await checkPlots(browser as Browser, runHtml);
    expect(checks.map((c) => c.id)).toEqual(['class-counts', 'effective-number', 'class-weights', 'per-class-accuracy', 'training-curves', 'training-dynamics', 'confusion-1', 'confusion-2']);
    for (const check of checks) {
      expect(check.width, check.id).toBeGreaterThan(100);
      expect(check.height, check.id).toBeGreaterThan(100);
    }
    const marks = Object.fromEntries(checks.map((c) => [c.id, c.marks]));
    expect(marks['class-counts']).toEqual({ rect: 3, text: 3 }); // 3 bars and their counts
    expect(marks['class-weights']).toEqual({ rect: 6, rule: 1 }); // 3 classes × 2 runs, and weight 1
    expect(marks['per-class-accuracy']).toEqual({ rect: 6 });
    expect(marks['effective-number']).toEqual({ line: 5, symbol: 3 }); // E_n = n, 4 β curves, 3 classes of the CB run
    expect(marks['training-curves']?.['line']).toBe(4); // 2 runs × (loss, error)
    // 2 runs × (training accuracy, learning rate); the fixtures' rate is 0.1 throughout, so the two rate lines are
    // flat (a zero-height box, not counted) while their 6 points are.
    expect(marks['training-dynamics']).toEqual({ line: 2, symbol: 12 });
    expect(marks['confusion-1']).toEqual({ rect: 9, text: 9 });
    expect(marks['confusion-2']).toEqual({ rect: 9, text: 9 });
  });

  it.skipIf(!hasChromium)('shows the values of a point on hover: an SVG <title> the browser sees on every point and bar', async () => {
    const page = await (browser as Browser).newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(runHtml).href);
    const titles = await page.$$eval('figure.plot[data-plot="training-dynamics"] .mark-symbol > path > title', (els) => els.map((el) => el.textContent));
    expect(titles).toHaveLength(12); // 2 runs × 3 epochs × 2 panels
    expect(titles).toContain('epoch: 2; learning rate (log scale): 0.1; run: softmax');
    const bars = await page.$$eval('figure.plot[data-plot="class-weights"] .mark-rect > path > title', (els) => els.length);
    expect(bars).toBe(6);
    await page.close();
  });

  it.skipIf(!hasChromium)('the live report of a run in progress reloads itself and shows its curves so far', async () => {
    const { renderLiveReport } = await import('../../src/report/renderLiveReport.js');
    const liveHtml = join(dir, 'live', 'report.html');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'live'));
    const history = CB_FOCAL_RUN.history.slice(0, 2).map((e, i) => ({ ...e, learningRate: [0.02, 0.1][i]! })); // warm-up
    writeFileSync(liveHtml, await renderLiveReport({ name: 'cb-focal', dir: 'runs/cb-focal', dataset: 'fashion-mnist', epochs: 3, history, heldOut: 'test', status: 'training' }));
    const page = await (browser as Browser).newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(liveHtml).href);
    expect(await page.$eval('meta[http-equiv="refresh"]', (el) => el.getAttribute('content'))).toBe('10');
    expect(await page.title()).toBe('cb-focal: training, epoch 2 of 3 (fashion-mnist)');
    await page.close();
    const checks = await checkPlots(browser as Browser, liveHtml);
    expect(checks.map((c) => [c.id, c.marks])).toEqual([
      ['training-curves', { line: 2, symbol: 4 }],
      ['training-dynamics', { line: 2, symbol: 4 }],
    ]);
    const png = join(dir, 'shots', 'live.png');
    await screenshotReport(liveHtml, png, { width: 1200 });
    console.log(`live report screenshot: ${png}`);
  });

  it.skipIf(!hasChromium)('renders the error-vs-β plot of the sweep report', async () => {
    const [check] = await checkPlots(browser as Browser, sweepHtml);
    expect(check?.id).toBe('error-vs-beta');
    expect(check?.width).toBeGreaterThan(300);
    expect(check?.marks['line']).toBe(2); // per IF panel, the CB focal line (softmax has a single β: a point)
    expect(check?.marks['symbol']).toBe(6); // per panel: softmax at β = 0, focal at β = 0.99 and 0.999
    expect(check?.marks['rule']).toBeGreaterThanOrEqual(4); // error bars
  });

  it.skipIf(!hasChromium)('screenshotReport saves a full-page PNG of the report', async () => {
    const png = join(dir, 'shots', 'run.png');
    await screenshotReport(runHtml, png, { width: 1200 });
    const image = PNG.sync.read(readFileSync(png));
    expect(image.width).toBe(1200);
    expect(image.height).toBeGreaterThan(2000); // the whole page, not just the viewport
    await screenshotReport(sweepHtml, join(dir, 'shots', 'sweep.png'));
    console.log(`screenshots: ${png} and ${join(dir, 'shots', 'sweep.png')}`);
  });

  it('screenshotReport rejects a missing page or browser', async () => {
    await expect(screenshotReport(join(dir, 'nope.html'), join(dir, 'x.png'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(screenshotReport(runHtml, join(dir, 'x.png'), { executablePath: join(dir, 'no-chromium') })).rejects.toThrow(
      `screenshotReport: 'executablePath' must be an installed Chromium; got ${JSON.stringify(join(dir, 'no-chromium'))} (no such file).`,
    );
  });
});
