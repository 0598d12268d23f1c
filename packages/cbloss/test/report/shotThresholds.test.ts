import fc from 'fast-check';
import { shotAccuracy } from 'class-balanced-loss';
import { describe, expect, it } from 'vitest';
import { formatResultsTable } from '../../src/report/formatResultsTable.js';
import { renderRunReport } from '../../src/report/renderRunReport.js';
import { shotCountBounds, shotThresholds } from '../../src/report/shotThresholds.js';
import { SOFTMAX_RUN } from './fixtures.js';

const shots = (manyAbove: number, fewBelow: number) => ({ many: null, medium: null, few: null, manyAbove, fewBelow });

/** A 3-class run trained on `samplesPerClass`, its shot groups as the library makes them (thresholds scaled below 1000). */
const smallRun = (samplesPerClass: number[]) => ({ ...SOFTMAX_RUN, samplesPerClass, shotAccuracy: shotAccuracy([90, 60, 30], samplesPerClass) });

describe('shotThresholds', () => {
  it("names the groups in whole training counts, the papers' 100 and 20 as before", () => {
    expect(shotThresholds(shots(100, 20))).toEqual({ many: '>100', medium: '20–100', few: '<20' });
    expect(shotThresholds(shots(50, 10))).toEqual({ many: '>50', medium: '10–50', few: '<10' });
    // What the library records for small datasets (largest class 48, 53, 14, 1): 100 and 20 × largest / 1000.
    expect(shotThresholds(shots(4.8, 0.96))).toEqual({ many: '>4', medium: '1–4', few: '0' });
    expect(shotThresholds(shots(5.3, 1.06))).toEqual({ many: '>5', medium: '2–5', few: '<2' });
    expect(shotThresholds(shots(1.4000000000000001, 0.28))).toEqual({ many: '>1', medium: '1', few: '0' });
    expect(shotThresholds(shots(0.1, 0.02))).toEqual({ many: '>0', medium: 'none', few: '0' });
    expect(shotThresholds(shots(3, 0))).toEqual({ many: '>3', medium: '0–3', few: 'none' });
  });

  it('puts every whole count in the group the recorded thresholds put it in', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 300, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 400 }), (manyAbove, fraction, count) => {
        const fewBelow = manyAbove * fraction;
        const bounds = shotCountBounds(shots(manyAbove, fewBelow));
        const recorded = count > manyAbove ? 'many' : count < fewBelow ? 'few' : 'medium';
        const whole = count > bounds.manyAbove ? 'many' : count < bounds.fewBelow ? 'few' : 'medium';
        expect(whole).toBe(recorded);
        expect(Number.isInteger(bounds.manyAbove) && Number.isInteger(bounds.fewBelow)).toBe(true);
      }),
      { seed: 20190105, numRuns: 500 },
    );
  });

  it('gives the tables of a small dataset whole thresholds, and the report says where they come from', async () => {
    // The 180-row CSV of the runExperiment tests at imbalance factor 4: 48, 24 and 12 training rows.
    const run = smallRun([48, 24, 12]);
    expect(run.shotAccuracy).toMatchObject({ manyAbove: 4.8, fewBelow: 0.96 });
    const table = formatResultsTable([run]);
    expect(table.split('\n')[0]).toContain('| Many (>4) % | Medium (1–4) % | Few (0) % |');
    expect(table).not.toContain('4.8');
    const html = await renderRunReport([run]);
    expect(html).toContain('<th class="num">Many-shot (&gt;4) acc. %</th>');
    expect(html).toContain('<th class="num">Few-shot (0) acc. %</th>');
    expect(html).toContain(
      "Many-shot classes have more than 4 training samples, few-shot classes fewer than 1, medium the rest (the papers' 100 and 20 scaled to the largest class, 48 training samples: 4.8 and 0.96);",
    );
    const fourteen = formatResultsTable([smallRun([14, 7, 3])]);
    expect(fourteen).toContain('Many (>1) %');
    expect(fourteen).not.toContain('1.4000000000000001');
  });
});
