import { describe, expect, it } from 'vitest';
import { summarizeSweep, sweepRowName, type SweepCellResult } from '../../src/sweep/summarizeSweep.js';
import { sweepCells } from '../../src/sweep/sweepCells.js';
import { fakeRunResults } from './fakeRunResults.js';

/** Cells of a grid with results from `errors(id)` → [test, validation] (undefined = not run). */
function withResults(
  grid: Parameters<typeof sweepCells>[0],
  errors: (id: string) => readonly [number, number?] | undefined,
): SweepCellResult[] {
  return sweepCells(grid).map((cell) => {
    const e = errors(cell.id);
    return e === undefined ? cell : { ...cell, results: fakeRunResults(e[0], e[1]) };
  });
}

describe('summarizeSweep', () => {
  const grid = { imbalanceFactors: [10, 100], losses: ['softmax', 'focal'], betas: [0, 0.9, 0.9999], parameters: { gamma: [0.5, 2] }, seeds: [1] };

  it('has baseline rows, then class-balanced rows, and one column per imbalance factor', () => {
    const table = summarizeSweep(withResults(grid, () => [30]), { selection: 'test' });
    expect(table.map((row) => row.loss)).toEqual(['softmax', 'focal', 'CB softmax', 'CB focal']);
    expect(Object.keys(table[0]?.byImbalanceFactor ?? {})).toEqual(['10', '100']);
  });

  it('picks the β/γ with the lowest test error for each row and column', () => {
    const errors: Record<string, number> = {
      'if100-softmax-b0-s1': 40,
      'if100-softmax-b0.9-s1': 38,
      'if100-softmax-b0.9999-s1': 33,
      'if100-focal-b0-g0.5-s1': 39,
      'if100-focal-b0-g2-s1': 37,
      'if100-focal-b0.9-g0.5-s1': 36,
      'if100-focal-b0.9-g2-s1': 31,
      'if100-focal-b0.9999-g0.5-s1': 32,
      'if100-focal-b0.9999-g2-s1': 35,
    };
    const table = summarizeSweep(withResults(grid, (id) => (errors[id] === undefined ? undefined : [errors[id]])), { selection: 'test' });
    const at = (row: string): unknown => table.find((r) => r.loss === row)?.byImbalanceFactor['100'];
    expect(at('softmax')).toEqual({ top1Error: 40, beta: 0, parameters: {}, seeds: 1 });
    expect(at('focal')).toEqual({ top1Error: 37, beta: 0, parameters: { gamma: 2 }, seeds: 1 });
    expect(at('CB softmax')).toEqual({ top1Error: 33, beta: 0.9999, parameters: {}, seeds: 1 });
    expect(at('CB focal')).toEqual({ top1Error: 31, beta: 0.9, parameters: { gamma: 2 }, seeds: 1 });
    // IF 10 has no finished cell: null, not a made-up number.
    expect(table.every((row) => row.byImbalanceFactor['10'] === null)).toBe(true);
  });

  it('selects on validation error but reports the test error of the chosen setting', () => {
    const small = { imbalanceFactors: [100], losses: ['softmax'], betas: [0.9, 0.9999], seeds: [1] };
    const table = summarizeSweep(
      withResults(small, (id) => (id.includes('b0.9-') ? [30, 20] : [22, 25])),
      { selection: 'validation' },
    );
    expect(table[0]?.byImbalanceFactor['100']).toEqual({ top1Error: 30, beta: 0.9, parameters: {}, seeds: 1 });
    // With test selection the other setting wins.
    const byTest = summarizeSweep(withResults(small, (id) => (id.includes('b0.9-') ? [30, 20] : [22, 25])), { selection: 'test' });
    expect(byTest[0]?.byImbalanceFactor['100']?.beta).toBe(0.9999);
  });

  it('averages over seeds: mean ± sample std of the test error, ranked by mean selection error', () => {
    const seeds = { imbalanceFactors: [50], losses: ['sigmoid'], betas: [0.99, 0.999], seeds: [1, 2, 3] };
    const errors: Record<string, number> = {
      // β=0.99: mean 27 (one seed alone would be the best: 20)
      'if50-sigmoid-b0.99-s1': 20,
      'if50-sigmoid-b0.99-s2': 30,
      'if50-sigmoid-b0.99-s3': 31,
      // β=0.999: mean 25
      'if50-sigmoid-b0.999-s1': 24,
      'if50-sigmoid-b0.999-s2': 26,
      'if50-sigmoid-b0.999-s3': 25,
    };
    const entry = summarizeSweep(withResults(seeds, (id) => [errors[id] ?? Number.NaN]), { selection: 'test' })[0]?.byImbalanceFactor['50'];
    expect(entry?.beta).toBe(0.999);
    expect(entry?.top1Error).toBeCloseTo(25, 12);
    expect(entry?.std).toBeCloseTo(1, 12); // numpy.std([24, 26, 25], ddof=1) = 1
    expect(entry?.seeds).toBe(3);
  });

  it('counts only the seeds that finished, and has no std for one seed', () => {
    const seeds = { imbalanceFactors: [10], losses: ['softmax'], betas: [0], seeds: [1, 2] };
    const entry = summarizeSweep(withResults(seeds, (id) => (id.endsWith('s1') ? [12] : undefined)), { selection: 'test' })[0]
      ?.byImbalanceFactor['10'];
    expect(entry).toEqual({ top1Error: 12, beta: 0, parameters: {}, seeds: 1 });
  });

  it('keeps the first setting in grid order on ties', () => {
    const tie = { imbalanceFactors: [10], losses: ['softmax'], betas: [0.9, 0.99], seeds: [1] };
    expect(summarizeSweep(withResults(tie, () => [20]), { selection: 'test' })[0]?.byImbalanceFactor['10']?.beta).toBe(0.9);
  });

  it('gives null when validation selection is asked but the runs have no validation error', () => {
    const table = summarizeSweep(withResults({ ...grid, imbalanceFactors: [100] }, () => [30]), { selection: 'validation' });
    expect(table.every((row) => row.byImbalanceFactor['100'] === null)).toBe(true);
  });

  it('marks a class-balanced entry whose cells all reused the β = 0 run (all weights 1) as unweighted', () => {
    const cells = withResults({ imbalanceFactors: [1, 10], losses: ['softmax'], betas: [0, 0.9, 0.9999], seeds: [1, 2] }, (id) =>
      id.startsWith('if1-') ? [8] : [id.includes('b0.9999') ? 9 : 10],
    ).map((cell) => (cell.imbalanceFactor === 1 && cell.beta > 0 ? { ...cell, sameAs: `if1-softmax-b0-s${cell.seed}` } : cell));
    const [, balanced] = summarizeSweep(cells, { selection: 'test' });
    expect(balanced?.byImbalanceFactor['1']).toEqual({ top1Error: 8, std: 0, beta: 0.9, parameters: {}, seeds: 2, unweighted: true });
    expect(balanced?.byImbalanceFactor['10']).toEqual({ top1Error: 9, std: 0, beta: 0.9999, parameters: {}, seeds: 2 });
    // one seed that really ran is enough to make the setting a weighted one
    const mixed = cells.map((cell) => (cell.id === 'if1-softmax-b0.9-s2' ? { ...cell, sameAs: undefined } : cell));
    expect(summarizeSweep(mixed, { selection: 'test' })[1]?.byImbalanceFactor['1']).not.toHaveProperty('unweighted');
  });

  it('names rows like the paper', () => {
    expect(sweepRowName({ loss: 'focal', beta: 0 })).toBe('focal');
    expect(sweepRowName({ loss: 'focal', beta: 0.5 })).toBe('CB focal');
  });
});
