#!/usr/bin/env node
// Makes the screenshot of the browser page in the README: writes a long-tailed Fashion-MNIST image folder
// (one PNG per image, one subfolder per class, counts from longTailCounts), serves the built page, and drives
// it in Debian's headless Chromium as a user would: pick the folder, set β, train softmax then CB softmax, and
// save a screenshot. Needs `npm run build`, Debian's chromium and dataset-fashion-mnist.
//
//   node scripts/web-screenshot.mjs [--out docs/web/page.png] [--max 200] [--if 50] [--epochs 6]
//                                  [--size 32] [--backend wasm] [--beta 0.999] [--scale 1]
//                                  [--from weights-section] [--to train-section]
// The screenshot spans the page from the top of section --from to the bottom of section --to (ids of the
// page's sections; the whole page is ~3000 px high and ~400 KB), to keep the README's image small.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import { longTailCounts } from 'class-balanced-loss';
import { servePage } from 'class-balanced-loss-web';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs/web/page.png' },
    max: { type: 'string', default: '200' },
    if: { type: 'string', default: '50' },
    epochs: { type: 'string', default: '6' },
    size: { type: 'string', default: '32' },
    backend: { type: 'string', default: 'wasm' },
    beta: { type: 'string', default: '0.999' },
    scale: { type: 'string', default: '1' },
    from: { type: 'string', default: 'weights-section' },
    to: { type: 'string', default: 'train-section' },
  },
});

// Fashion-MNIST's training IDX files (big-endian header: magic, dimensions; then uint8 data), read directly:
// the script needs only the raw bytes (cbloss's loadIdxDataset does the same with validation).
const FASHION = '/usr/share/datasets/fashion-mnist';
const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
function readIdx(file) {
  const bytes = gunzipSync(readFileSync(join(FASHION, file)));
  const rank = bytes[3];
  return bytes.subarray(4 + 4 * rank);
}
const images = readIdx('train-images-idx3-ubyte.gz');
const trainLabels = readIdx('train-labels-idx1-ubyte.gz');
const dataset = { sampleShape: [28, 28], classNames: CLASS_NAMES, train: { x: images, labels: trainLabels, count: trainLabels.length } };
const counts = longTailCounts({ maxCount: Number(values.max), numClasses: 10, imbalanceFactor: Number(values.if) });
const root = join(mkdtempSync(join(tmpdir(), 'cb-web-shot-')), 'fashion-mnist-lt');
const [height, width] = dataset.sampleShape;
const taken = counts.map(() => 0);
for (let i = 0; i < dataset.train.count; i++) {
  const label = dataset.train.labels[i];
  if (taken[label] >= counts[label]) continue;
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) {
    const v = dataset.train.x[i * width * height + p];
    png.data.set([v, v, v, 255], 4 * p);
  }
  const dir = join(root, dataset.classNames[label].replace(/\//g, '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${String(i).padStart(5, '0')}.png`), PNG.sync.write(png));
  taken[label] += 1;
}
console.log(`folder: ${root}, images per class ${taken.join(', ')}`);

const server = await servePage();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1536, height: 900 }, deviceScaleFactor: Number(values.scale) });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready=true]');
  await page.selectOption('#image-size', values.size);
  await page.setInputFiles('#folder-input', root);
  await page.waitForSelector('#weights-table tbody tr', { timeout: 120_000 });
  await page.fill('#beta-input', values.beta);
  await page.dispatchEvent('#beta-input', 'change');
  await page.selectOption('#backend-select', values.backend);
  await page.fill('#epochs', values.epochs);
  for (const classBalanced of [false, true]) {
    const started = Date.now();
    await page.selectOption('#method-select', 'softmax');
    await page.setChecked('#class-balanced', classBalanced);
    await page.click('#train-button');
    await page.waitForSelector('#train-status[data-state="finished"]', { timeout: 600_000 });
    console.log(`${await page.textContent('#train-status')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  mkdirSync(dirname(values.out), { recursive: true });
  const top = await page.$eval(`#${values.from}`, (e) => e.getBoundingClientRect().top + window.scrollY);
  const bottom = await page.$eval(`#${values.to}`, (e) => e.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: values.out, fullPage: true, clip: { x: 0, y: top - 8, width: 1536, height: bottom - top + 16 } });
  console.log(`screenshot: ${values.out} (${Math.round(statSync(values.out).size / 1024)} KB)`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dirname(root), { recursive: true, force: true });
}
