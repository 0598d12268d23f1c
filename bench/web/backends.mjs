#!/usr/bin/env node
// Training time of the browser page on each TF.js backend in Debian's headless Chromium (no GPU: WebGL runs on
// the SwiftShader software rasteriser): a generated long-tailed folder of 16x16 PNGs (4 classes, 40/24/12/4
// images), the page's CNN, 4 epochs of softmax, batch 32, driven through the page as a user would. Backends
// alternate round by round; prints the median and range of each over the rounds.
//
//   node bench/web/backends.mjs [--rounds 3] [--backends wasm,webgl] [--epochs 4]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import { servePage } from 'class-balanced-loss-web';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, backends: { type: 'string', default: 'wasm,webgl' }, epochs: { type: 'string', default: '4' } },
});
const backends = values.backends.split(',');

const root = join(mkdtempSync(join(tmpdir(), 'cb-web-bench-')), 'colors');
const classes = [['blue', 40, [40, 60, 220]], ['red', 24, [220, 40, 40]], ['green', 12, [40, 200, 60]], ['gray', 4, [128, 128, 128]]];
let state = 1;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
for (const [name, count, color] of classes) {
  mkdirSync(join(root, name), { recursive: true });
  for (let i = 0; i < count; i++) {
    const png = new PNG({ width: 16, height: 16 });
    for (let p = 0; p < 256; p++) png.data.set([...color.map((c) => Math.max(0, Math.min(255, c + (random() * 2 - 1) * 40))), 255], 4 * p);
    writeFileSync(join(root, name, `${i}.png`), PNG.sync.write(png));
  }
}

const server = await servePage();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
const seconds = Object.fromEntries(backends.map((b) => [b, []]));
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready=true]');
  console.log(`WebGL renderer: ${await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl && info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : 'none';
  })}`);
  await page.selectOption('#image-size', '16');
  await page.setInputFiles('#folder-input', root);
  await page.waitForSelector('#weights-table tbody tr');
  await page.selectOption('#method-select', 'softmax');
  await page.setChecked('#class-balanced', false);
  await page.fill('#epochs', values.epochs);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const backend of backends) {
      await page.selectOption('#backend-select', backend);
      const started = performance.now();
      await page.click('#train-button');
      await page.waitForSelector('#train-status[data-state="finished"]', { timeout: 600_000 });
      seconds[backend].push((performance.now() - started) / 1000);
      console.log(`round ${round + 1} ${backend}: ${seconds[backend].at(-1).toFixed(1)} s`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
for (const backend of backends) {
  const sorted = [...seconds[backend]].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`${backend}: median ${median.toFixed(1)} s (range ${sorted[0].toFixed(1)}–${sorted.at(-1).toFixed(1)}) for ${values.epochs} epochs, ${sorted.length} rounds`);
}
