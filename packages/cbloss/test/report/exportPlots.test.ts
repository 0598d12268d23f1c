import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPlots } from '../../src/report/exportPlots.js';
import { DEFAULT_CHROMIUM } from '../../src/report/launchBrowser.js';
import { CB_FOCAL_RUN, SOFTMAX_RUN } from './fixtures.js';

const hasChromium = existsSync(DEFAULT_CHROMIUM);
const dir = mkdtempSync(join(tmpdir(), 'cbloss-export-plots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IDS = ['class-counts', 'effective-number', 'class-weights', 'per-class-accuracy', 'training-curves', 'training-dynamics', 'confusion-1', 'confusion-2'];

describe('exportPlots', () => {
  it('writes each plot as a standalone SVG file', async () => {
    const out = join(dir, 'svg-only');
    const { svg, png } = await exportPlots([SOFTMAX_RUN, CB_FOCAL_RUN], out, { png: false });
    expect(svg).toEqual(IDS.map((id) => join(out, `${id}.svg`)));
    expect(png).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(IDS.map((id) => `${id}.svg`).sort());
    for (const path of svg) expect(readFileSync(path, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it.skipIf(!hasChromium)(`also writes PNGs through Chromium, at twice the SVG size${hasChromium ? '' : ` (SKIPPED: no ${DEFAULT_CHROMIUM})`}`, async () => {
    const out = join(dir, 'with-png');
    const { svg, png } = await exportPlots([SOFTMAX_RUN, CB_FOCAL_RUN], out);
    expect(png).toEqual(IDS.map((id) => join(out, `${id}.png`)));
    const svgText = readFileSync(svg[0] ?? '', 'utf8');
    const width = Number(/width="(\d+)"/.exec(svgText)?.[1]);
    const image = PNG.sync.read(readFileSync(png[0] ?? ''));
    expect(image.width).toBe(2 * width);
  });

  it('rejects no runs', async () => {
    await expect(exportPlots([], dir)).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});
