import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSweepPlots } from '../../src/report/exportPlots.js';
import { DEFAULT_CHROMIUM } from '../../src/report/launchBrowser.js';
import { sweepReportPlots } from '../../src/report/sweepReportPlots.js';
import type { SweepResults } from '../../src/types.js';
import { SWEEP, SWEEP_FOR_PLOTS } from './fixtures.js';
import { CblossError } from '../../src/CblossError.js';

const hasChromium = existsSync(DEFAULT_CHROMIUM);
const dir = mkdtempSync(join(tmpdir(), 'cbloss-export-sweep-plots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exportSweepPlots', () => {
  it('writes dir/error-vs-beta.svg, the same SVG as sweepReportPlots', async () => {
    const out = join(dir, 'svg-only');
    const { svg, png } = await exportSweepPlots(SWEEP_FOR_PLOTS, out, { png: false });
    expect(svg).toEqual([join(out, 'error-vs-beta.svg')]);
    expect(png).toEqual([]);
    expect(readdirSync(out)).toEqual(['error-vs-beta.svg']);
    expect(readFileSync(join(out, 'error-vs-beta.svg'), 'utf8')).toBe((await sweepReportPlots(SWEEP_FOR_PLOTS))[0]?.svg);
  });

  it.skipIf(!hasChromium)(`also writes a PNG through Chromium, at twice the SVG size${hasChromium ? '' : ` (SKIPPED: no ${DEFAULT_CHROMIUM})`}`, async () => {
    const out = join(dir, 'with-png');
    const { svg, png } = await exportSweepPlots(SWEEP_FOR_PLOTS, out);
    expect(png).toEqual([join(out, 'error-vs-beta.png')]);
    const width = Number(/width="(\d+)"/.exec(readFileSync(svg[0] ?? '', 'utf8'))?.[1]);
    expect(PNG.sync.read(readFileSync(png[0] ?? '')).width).toBe(2 * width);
  });

  it('writes nothing when no cell has finished', async () => {
    const out = join(dir, 'empty');
    const empty: SweepResults = { ...SWEEP, cells: SWEEP.cells.map(({ results: _, ...cell }) => cell) };
    expect(await exportSweepPlots(empty, out, { png: true })).toEqual({ svg: [], png: [] });
    expect(existsSync(out)).toBe(false);
  });

  it('rejects something that is not a sweep, naming itself', async () => {
    await expect(exportSweepPlots({ cells: [] } as unknown as SweepResults, join(dir, 'bad'), { png: false })).rejects.toThrow(
      new CblossError('invalid-argument', "exportSweepPlots: 'sweep' must have 'cells' and 'table' arrays; got an object with keys [cells]."),
    );
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
