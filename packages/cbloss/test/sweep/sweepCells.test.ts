import { describe, expect, it } from 'vitest';
import { resolveMethod } from 'class-balanced-loss';
import { RunOptionsError } from '../../src/run/RunOptionsError.js';
import { cellId, sweepCells } from '../../src/sweep/sweepCells.js';
import { CblossError } from '../../src/CblossError.js';

const grid = { imbalanceFactors: [10, 100], losses: ['softmax', 'focal'], betas: [0, 0.9999], parameters: { gamma: [0.5, 2] }, seeds: [1, 2] };

describe('sweepCells', () => {
  it('crosses every axis, γ with focal only', () => {
    const cells = sweepCells(grid);
    // per IF: softmax 2 β × 2 seeds + focal 2 β × 2 γ × 2 seeds = 4 + 8
    expect(cells).toHaveLength(2 * (4 + 8));
    expect(cells.filter((c) => c.loss === 'softmax').every((c) => Object.keys(c.parameters).length === 0)).toBe(true);
    expect(new Set(cells.filter((c) => c.loss === 'focal').map((c) => c.parameters['gamma']))).toEqual(new Set([0.5, 2]));
  });

  it('gives a method parameter without a list its registry default', () => {
    const cells = sweepCells({ ...grid, parameters: {}, imbalanceFactors: [100], betas: [0], seeds: [1] });
    expect(cells.map((c) => c.parameters)).toEqual([{}, { gamma: resolveMethod('focal').parameters[0]?.default }]);
  });

  it('orders IF, loss, β, γ, seed from the outside in, with readable unique ids', () => {
    const ids = sweepCells({ ...grid, imbalanceFactors: [100], seeds: [1] }).map((c) => c.id);
    expect(ids).toEqual([
      'if100-softmax-b0-s1',
      'if100-softmax-b0.9999-s1',
      'if100-focal-b0-g0.5-s1',
      'if100-focal-b0-g2-s1',
      'if100-focal-b0.9999-g0.5-s1',
      'if100-focal-b0.9999-g2-s1',
    ]);
    const all = sweepCells(grid).map((c) => c.id);
    expect(new Set(all).size).toBe(all.length);
  });

  it('drops duplicate values and matches cellId', () => {
    const cells = sweepCells({ imbalanceFactors: [100, 100], losses: ['sigmoid', 'sigmoid'], betas: [0.9], seeds: [3, 3] });
    expect(cells).toEqual([{ id: 'if100-sigmoid-b0.9-s3', imbalanceFactor: 100, loss: 'sigmoid', beta: 0.9, parameters: {}, seed: 3 }]);
    expect(cellId({ imbalanceFactor: 50, loss: 'focal', beta: 0.999, parameters: { gamma: 1 }, seed: 2 })).toBe('if50-focal-b0.999-g1-s2');
    // parameters sharing a first letter keep their whole names
    expect(cellId({ imbalanceFactor: 10, loss: 'x', beta: 0, parameters: { scale: 30, shift: 1, tau: 2 }, seed: 1 })).toBe('if10-x-b0-scale30-shift1-t2-s1');
  });

  it.each([
    [{ betas: [] }, /'betas' must not be empty/],
    [{ betas: [1.5] }, /'betas' must contain numbers in \[0, 1\]; got 1.5/],
    [{ betas: [Number.NaN] }, /'betas'/],
    [{ imbalanceFactors: [0.5] }, /'imbalanceFactors' must contain numbers >= 1; got 0.5/],
    [{ parameters: { gamma: [-1] } }, /'parameters.gamma' must contain values that are a finite number >= 0; got -1/],
    [{ parameters: { tau: [1] } }, /'parameters.tau' must be a parameter of one of the methods softmax, focal; got 'tau'/],
    [{ seeds: [1.5] }, /'seeds' must contain integers; got 1.5/],
    [{ losses: [] }, /'losses' must not be empty/],
  ])('rejects %o', (patch, message) => {
    expect(() => sweepCells({ ...grid, ...patch })).toThrow(message);
    try {
      sweepCells({ ...grid, ...patch });
    } catch (error) {
      expect(error).toBeInstanceOf(CblossError);
      expect((error as CblossError).code).toBe('invalid-argument');
      expect(error).toBeInstanceOf(RunOptionsError);
    }
  });

  it('rejects an unknown loss with the nearest name', () => {
    expect(() => sweepCells({ ...grid, losses: ['focall'] })).toThrow(/did you mean 'focal'/i);
  });
});
