import { describe, expect, it } from 'vitest';
import { unweightedTwin } from '../../src/sweep/unweightedTwin.js';
import { sweepCells } from '../../src/sweep/sweepCells.js';
import type { SweepCellResult } from '../../src/sweep/summarizeSweep.js';
import { fakeRunResults } from './fakeRunResults.js';

const cells = sweepCells({ imbalanceFactors: [1], losses: ['softmax', 'focal'], betas: [0, 0.9, 0.9999], parameters: { gamma: [0.5, 2] }, seeds: [1, 2] });
const byId = (id: string) => cells.find((c) => c.id === id)!;
/** The cells with results for the β = 0 ones, whose training counts are `counts`. */
const finished = (counts: number[]): SweepCellResult[] =>
  cells.map((c) => (c.beta === 0 ? { ...c, results: { ...fakeRunResults(10), samplesPerClass: counts } } : c));

describe('unweightedTwin', () => {
  it('finds the finished β = 0 cell of the same loss, γ and seed when every class has the same count', () => {
    const done = finished([5400, 5400, 5400]);
    expect(unweightedTwin(byId('if1-softmax-b0.9999-s2'), done)?.id).toBe('if1-softmax-b0-s2');
    expect(unweightedTwin(byId('if1-focal-b0.9-g2-s1'), done)?.id).toBe('if1-focal-b0-g2-s1');
    expect(unweightedTwin(byId('if1-focal-b0.9-g2-s1'), done)?.results.samplesPerClass).toEqual([5400, 5400, 5400]);
  });

  it('finds it when the counts differ but β^n vanishes for every class (E_n = 1/(1-β) for all of them)', () => {
    const tenfold = [5400, 4180, 3236, 2506, 1940, 1502, 1163, 900, 697, 540];
    expect(unweightedTwin(byId('if1-softmax-b0.9-s1'), finished(tenfold))?.id).toBe('if1-softmax-b0-s1');
    expect(unweightedTwin(byId('if1-softmax-b0.9999-s1'), finished(tenfold))).toBeUndefined();
  });

  it('has no twin when the counts differ, even by one sample (the weights then differ in float32)', () => {
    expect(unweightedTwin(byId('if1-softmax-b0.9999-s1'), finished([5400, 5399, 5400]))).toBeUndefined();
    expect(unweightedTwin(byId('if1-softmax-b0.9-s1'), finished([500, 5]))).toBeUndefined();
  });

  it('has no twin for a β = 0 cell or before the β = 0 cell has run', () => {
    expect(unweightedTwin(byId('if1-softmax-b0-s1'), finished([10, 10]))).toBeUndefined();
    expect(unweightedTwin(byId('if1-softmax-b0.9-s1'), cells)).toBeUndefined();
  });
});
