import { describe, expect, it } from 'vitest';
import { sweepReportPlots } from '../../src/report/sweepReportPlots.js';
import type { SweepResults } from '../../src/types.js';
import { SWEEP, SWEEP_FOR_PLOTS } from './fixtures.js';
import { CblossError } from '../../src/CblossError.js';

/** The legend entries of a vega SVG, in legend order. */
function legendLabels(svg: string): string[] {
  return [...svg.matchAll(/role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

/** The points of the error-vs-beta plot as 'β error series', from their aria labels. */
function points(svg: string): string[] {
  return [...svg.matchAll(/aria-label="β \(0 = no re-weighting\): ([^;]*); top-1 error %: ([^;]*); loss: ([^"]*)"[^>]*aria-roledescription="point"/g)].map(
    (m) => `${m[1]} ${m[2]} ${m[3]}`,
  );
}

const plots = await sweepReportPlots(SWEEP_FOR_PLOTS);
const svg = plots[0]?.svg ?? '';

describe('sweepReportPlots', () => {
  it('returns the error-vs-beta plot as a standalone SVG with a title and caption', () => {
    expect(plots.map((p) => p.id)).toEqual(['error-vs-beta']);
    expect(plots[0]?.title).toBe('Top-1 error against β');
    expect(plots[0]?.caption).toContain('one line per loss and parameter setting (focal: one per γ)');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('>IF 100</text>');
    expect(svg).toContain('>IF 1</text>');
  });

  it('draws one line per loss and focal γ, in loss order then by increasing γ (10 after 2)', () => {
    expect(legendLabels(svg)).toEqual(['softmax', 'focal γ=0.5', 'focal γ=2', 'focal γ=10']);
    // IF 100: softmax and three focal γ; IF 1: softmax only (the focal cell has not run).
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(5);
  });

  it('averages seeds but never γ: each focal γ keeps its own error at the shared β', () => {
    const p = points(svg);
    expect(p).toContain('0 41 softmax'); // seeds 1 and 2: 40 and 42
    expect(p).toContain('0.999 30.5 softmax');
    expect(p).toContain('0.999 30 focal γ=0.5');
    expect(p).toContain('0.999 20 focal γ=2');
    expect(p).toContain('0 50 focal γ=10');
    expect(p.filter((s) => s.startsWith('0.999 25 '))).toEqual([]); // (30 + 20)/2 would mean γ averaged
    // 2 + 2 + 2 + 1 points (one per β) at IF 100, 2 at IF 1 (the sameAs cell is a real point with its twin's error).
    expect(p).toHaveLength(9);
    expect(p.filter((s) => s === '0.999 10 softmax')).toHaveLength(1);
  });

  it('says in the caption when some cells reuse their β = 0 run, and only then', async () => {
    expect(plots[0]?.caption).toContain('reuse their β = 0 run');
    const [plain] = await sweepReportPlots(SWEEP);
    expect(plain?.caption).not.toContain('reuse');
  });

  it('is deterministic', async () => {
    expect((await sweepReportPlots(SWEEP_FOR_PLOTS))[0]?.svg).toBe(svg);
  });

  it('returns no plot when no cell has finished', async () => {
    const empty: SweepResults = { ...SWEEP, cells: SWEEP.cells.map(({ results: _, ...cell }) => cell) };
    expect(await sweepReportPlots(empty)).toEqual([]);
  });

  it('rejects something that is not a sweep', async () => {
    await expect(sweepReportPlots({ version: '1' } as unknown as SweepResults)).rejects.toThrow(
      new CblossError('invalid-argument', "sweepReportPlots: 'sweep' must have 'cells' and 'table' arrays; got an object with keys [version]."),
    );
    await expect(sweepReportPlots(null as unknown as SweepResults)).rejects.toThrow("sweepReportPlots: 'sweep' must have 'cells' and 'table' arrays; got null.");
  });
});
