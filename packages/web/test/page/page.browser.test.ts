import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classBalancedWeights, LOSS_METHODS, type LossMethod } from 'class-balanced-loss';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldOutCount } from '../../src/page/data/stratifiedSplit.js';
import { fileURLToPath } from 'node:url';
import { servePage, type PageServer } from '../../src/server/servePage.js';
import { makeImageFolder, type GeneratedClass } from './makeImageFolder.js';

// The page as a user drives it, in Debian's headless Chromium: pick a generated long-tailed folder, read the
// counts and weights back, train two short runs (the second stopped and continued), and check the numbers on
// the page. Training runs on wasm: webgl works here too, but on Chromium's software rasteriser (no GPU) it
// is ~8x slower (bench/web: 4 epochs in 9.7 s against 1.2 s, medians of 5 alternating rounds).
const CHROMIUM = '/usr/bin/chromium';
const CLASSES: readonly GeneratedClass[] = [
  { name: 'blue', count: 40, color: [40, 60, 220] },
  { name: 'gray', count: 4, color: [128, 128, 128] },
  { name: 'green', count: 12, color: [40, 200, 60] },
  { name: 'red', count: 24, color: [220, 40, 40] },
];
/** The page numbers classes from the largest to the smallest. */
const ORDERED = [...CLASSES].sort((a, b) => b.count - a.count);
const TEST_FRACTION = 0.2;
const root = join(mkdtempSync(join(tmpdir(), 'cb-web-')), 'colors');
const builtPage = fileURLToPath(new URL('../../dist/page', import.meta.url));
const screenshot = join(tmpdir(), 'class-balanced-loss-web.png');

/** The numbers of a table column, from the exact values the page keeps in `data-value`. */
async function columnValues(page: Page, table: string, column: number): Promise<number[]> {
  return page.$$eval(`${table} tbody tr td:nth-child(${column + 1})`, (cells) => cells.map((c) => Number((c as HTMLElement).dataset['value'])));
}

/** Trains CB focal on the loaded CSV for 5 epochs on wasm, until finished. */
async function trainFocalOnCsv(page: Page): Promise<void> {
  await train(page, 'focal', 'wasm', 5, true);
  await page.waitForSelector('#train-status[data-state="finished"]');
}

async function train(page: Page, method: string, backend: string, epochs: number, classBalanced: boolean): Promise<void> {
  await page.selectOption('#backend-select', backend);
  await page.selectOption('#method-select', method);
  await page.setChecked('#class-balanced', classBalanced);
  await page.fill('#epochs', String(epochs));
  await page.click('#train-button');
}

describe('the page in headless Chromium', () => {
  let server: PageServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    expect(existsSync(join(builtPage, 'main.js')), 'the page must be built first: npm run build').toBe(true);
    expect(existsSync(CHROMIUM), `Debian's chromium must be installed at ${CHROMIUM}`).toBe(true);
    makeImageFolder(root, CLASSES);
    server = await servePage({ dir: builtPage });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready=true]');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads the folder in the browser and shows the counts and the library\'s weights', async () => {
    await page.selectOption('#image-size', '16');
    await page.setInputFiles('#folder-input', root);
    await page.waitForSelector('#weights-table tbody tr');
    expect(await page.textContent('#data-status')).toContain('80 16×16 RGB images in 4 classes (1 other files skipped)');
    await page.fill('#beta-input', '0.99');
    await page.dispatchEvent('#beta-input', 'change');
    await page.waitForSelector('#beta-input[data-beta="0.99"]');

    const names = await page.$$eval('#weights-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    expect(names).toEqual(['blue', 'red', 'green', 'gray']);
    const images = await columnValues(page, '#weights-table', 1);
    const train = await columnValues(page, '#weights-table', 2);
    const heldOut = await columnValues(page, '#weights-table', 3);
    expect(images).toEqual(ORDERED.map((c) => c.count));
    expect(heldOut).toEqual(ORDERED.map((c) => heldOutCount(c.count, TEST_FRACTION)));
    expect(train).toEqual(ORDERED.map((c) => c.count - heldOutCount(c.count, TEST_FRACTION)));
    const weights = await columnValues(page, '#weights-table', 5);
    expect(weights).toEqual(classBalancedWeights(train, 0.99)); // exact: the page calls the library in float64
    expect(weights[3]).toBeGreaterThan(weights[0] as number); // the rare class weighs more
    expect(await page.textContent('#imbalance-factor')).toBe('10.67'); // 32 blue / 3 gray training images
    for (const plot of ['#counts-plot', '#effective-plot', '#weights-plot']) expect(await page.$(`${plot} svg`), plot).not.toBeNull();
  });

  it('trains softmax, then class-balanced softmax stopped and continued, on wasm', async () => {
    await train(page, 'softmax', 'wasm', 4, false);
    await page.waitForSelector('#train-status[data-state="finished"]');
    await page.fill('#learning-rate', '0.003');
    // Click Stop as soon as the status shows epoch 2 (a MutationObserver in the page: wasm trains too fast
    // for a poll from the test to catch a given epoch).
    await page.evaluate(() => {
      const status = document.querySelector('#train-status') as HTMLElement;
      const observer = new MutationObserver(() => {
        if (!/epoch 2\//.test(status.textContent ?? '')) return;
        observer.disconnect();
        (document.querySelector('#stop-button') as HTMLButtonElement).click();
      });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    });
    await train(page, 'softmax', 'wasm', 30, true);
    await page.waitForSelector('#train-status[data-state="stopped"]');
    expect(await page.textContent('#train-status')).toMatch(/stopped in epoch 2; Continue resumes at the same batch\.$/);
    expect(await page.isEnabled('#continue-button')).toBe(true);
    expect(await page.isEnabled('#train-button')).toBe(true);
    await page.fill('#epochs', '4');
    await page.click('#continue-button');
    await page.waitForSelector('#train-status[data-state="finished"]');
    expect(errors).toEqual([]);

    const runs = await page.$$eval('#runs-table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(runs.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['#1 softmax', '4', 'wasm'],
      ['#2 CB softmax (β = 0.99)', '4', 'wasm'],
    ]);
    // Per-class table of the last run: every class, its training count, the run's weight, an accuracy.
    const perClassNames = await page.$$eval('#per-class-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    expect(perClassNames).toEqual(['blue', 'red', 'green', 'gray']);
    const accuracies = await columnValues(page, '#per-class-table', 4);
    expect(accuracies.every((a) => a >= 0 && a <= 100)).toBe(true);
    expect(await columnValues(page, '#per-class-table', 2)).toEqual(classBalancedWeights(await columnValues(page, '#per-class-table', 1), 0.99));
    // Easy colors: well above chance (25 % balanced) and above always answering the largest class.
    const [top1, balanced] = await columnValues(page, '#summary-table', 1);
    const heldOutBlue = heldOutCount(40, TEST_FRACTION) / CLASSES.reduce((n, c) => n + heldOutCount(c.count, TEST_FRACTION), 0);
    expect(balanced).toBeGreaterThan(50);
    expect(top1).toBeGreaterThan(100 * heldOutBlue);
    for (const plot of ['#curves-plot', '#live-accuracy-plot', '#confusion-plot', '#compare-accuracy-plot', '#compare-confusion-1', '#compare-confusion-2']) {
      expect(await page.$(`${plot} svg`), plot).not.toBeNull();
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot: ${screenshot}`);
  });

  it('exports the report and the model as downloads', async () => {
    const [report] = await Promise.all([page.waitForEvent('download'), page.click('#export-report')]);
    expect(report.suggestedFilename()).toBe('class-balanced-run2-report.json');
    const saved = JSON.parse(readFileSync(await report.path(), 'utf8')) as { libraryVersion: string; run: { method: string; beta: number; weights: number[]; history: unknown[]; data: { trainCounts: number[] } } };
    expect(saved.run.method).toBe('softmax');
    expect(saved.run.beta).toBe(0.99);
    expect(saved.run.history).toHaveLength(4);
    expect(saved.run.weights).toEqual(classBalancedWeights(saved.run.data.trainCounts, saved.run.beta));
    const [model] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
    expect(model.suggestedFilename()).toMatch(/^class-balanced-softmax-run2\.(json|weights\.bin)$/);
  });

  it('reads a CSV file and trains the MLP on it', async () => {
    // 3 classes of 2-D points around (±3, 0) and (0, 3), 30/10/5 rows, label column first.
    const rows = [30, 10, 5].flatMap((n, c) =>
      Array.from({ length: n }, (_, i) => `${['head', 'middle', 'tail'][c]},${[3, -3, 0][c]! + Math.sin(7 * i + c) * 0.5},${[0, 0, 3][c]! + Math.cos(5 * i) * 0.5}`),
    );
    const csv = join(root, '..', 'points.csv');
    writeFileSync(csv, `label,x,y\n${rows.join('\n')}\n`);
    await page.setInputFiles('#csv-input', csv);
    await page.waitForFunction(() => document.querySelector('#data-status')?.textContent?.startsWith('points.csv'));
    expect(await page.textContent('#data-status')).toContain('points.csv: 45 rows of 2 features in 3 classes');
    // new data: the runs of the images are put away
    expect(await page.isHidden('#results-section')).toBe(true);
    expect(await page.isHidden('#compare-section')).toBe(true);
    const trainCounts = await columnValues(page, '#weights-table', 2);
    expect(trainCounts).toEqual([30 - 6, 10 - 2, 5 - 1]); // classes in text order: head, middle, tail
    expect(await columnValues(page, '#weights-table', 5)).toEqual(classBalancedWeights(trainCounts, 0.99));
    await trainFocalOnCsv(page);
    expect(await page.isHidden('#compare-section')).toBe(true); // one run on this data
    expect(await page.textContent('#results-run')).toBe('#1 CB focal (β = 0.99, γ = 2), after 5 epochs');
    expect(await page.$$eval('#per-class-table tbody tr td:first-child', (c) => c.map((x) => x.textContent))).toEqual(['head', 'middle', 'tail']);
    const [, balanced] = await columnValues(page, '#summary-table', 1);
    expect(balanced).toBeGreaterThan(100 / 3);

    // A parameter out of its range: the library's message in the status line, nothing trained.
    await page.selectOption('#method-select', 'focal');
    await page.fill('#param-gamma', '-1');
    await page.click('#train-button');
    await page.waitForSelector('#train-status[data-state="error"]');
    expect(await page.textContent('#train-status')).toBe("createLoss: 'gamma' must be a finite number >= 0; got -1.");

    // Another method of the registry: its own fields appear (LDAM: Δ and s), deferred re-weighting from epoch 2.
    await page.selectOption('#method-select', 'ldam');
    const ldam: LossMethod | undefined = LOSS_METHODS.find((m) => m.name === 'ldam');
    expect(await page.$$eval('#method-parameters input', (fields) => fields.map((f) => f.id))).toEqual(ldam?.parameters.map((p) => `param-${p.name}`));
    await page.fill('#drw-epoch', '2');
    await train(page, 'ldam', 'wasm', 3, true);
    await page.waitForSelector('#train-status[data-state="finished"]');
    const shown = ldam?.parameters.map((p) => `${p.symbol ?? p.name} = ${p.default}`).join(', ');
    expect(await page.textContent('#results-run')).toBe(`#2 CB LDAM (β = 0.99, ${shown}, DRW from epoch 2), after 3 epochs`);
    expect(await page.isVisible('#compare-section')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('says what is wrong with a folder of one class, in the status line, and keeps the data it had', async () => {
    const single = join(root, '..', 'single');
    makeImageFolder(single, [{ name: 'only', count: 3, color: [0, 0, 0] }]);
    await page.setInputFiles('#folder-input', single);
    await page.waitForSelector('#data-status.error');
    expect(await page.textContent('#data-status')).toBe(
      'groupByClassFolder: the folder must hold one subfolder of images per class, at least 2; got 1 class folder with images (3 images among 4 files).',
    );
    expect(await page.isVisible('#weights-section')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('fetched nothing but its own files from the local server (no CDN, no upload)', () => {
    const foreign = requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true); // the wasm binaries came from beside the page
    expect(requests.filter((url) => url.startsWith(server.url)).every((url) => !/\?|#/.test(url.slice(server.url.length)))).toBe(true);
  });
});
