import { CbLossError, resolveLossType } from 'class-balanced-loss';
import type { RunOptions, SweepCell } from '../types.js';

/** The axes of a sweep: every combination becomes one {@link SweepCell}. */
export interface SweepGrid {
  /** Imbalance factors (n_max / n_min), each ≥ 1. */
  readonly imbalanceFactors: readonly number[];
  /** Loss names ('softmax' | 'sigmoid' | 'focal'); unknown names are rejected with the nearest valid one. */
  readonly losses: readonly string[];
  /** β values in [0, 1]; β = 0 is the unweighted baseline, β > 0 the class-balanced loss. */
  readonly betas: readonly number[];
  /** Focal γ values, each ≥ 0; only crossed with the focal loss (softmax/sigmoid cells get γ = 0). */
  readonly gammas: readonly number[];
  /** Integer seeds; each setting is repeated once per seed. */
  readonly seeds: readonly number[];
}

function assertList(name: string, values: readonly number[], rule: string, ok: (v: number) => boolean): void {
  if (values.length === 0) throw new CbLossError('invalid-argument', `sweepCells: '${name}' must not be empty; got [].`);
  const bad = values.find((v) => !ok(v));
  if (bad !== undefined) {
    throw new CbLossError('invalid-argument', `sweepCells: '${name}' must contain ${rule}; got ${bad}.`);
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The directory name of a cell under the sweep directory: `if<IF>-<loss>-b<β>[-g<γ>]-s<seed>`
 * (γ only for focal), e.g. `'if100-focal-b0.999-g1-s1'`.
 */
export function cellId(cell: Omit<SweepCell, 'id'>): string {
  const gamma = cell.loss === 'focal' ? `-g${cell.gamma}` : '';
  return `if${cell.imbalanceFactor}-${cell.loss}-b${cell.beta}${gamma}-s${cell.seed}`;
}

/**
 * Expands a grid into its cells, in a stable order: imbalance factor, loss, β, γ, seed (outermost first), so that
 * a sweep fills the table one column at a time. Duplicate values are dropped. γ is crossed with the focal loss
 * only: softmax and sigmoid cells carry γ = 0 (no focal modulation), so they are not repeated per γ.
 *
 * @throws CbLossError 'invalid-argument' for an empty axis, IF < 1, β outside [0, 1], γ < 0 or a non-integer
 * seed; 'unknown-name' for an unknown loss (with the nearest valid name).
 *
 * @example
 * sweepCells({ imbalanceFactors: [100], losses: ['softmax', 'focal'], betas: [0, 0.9999], gammas: [1, 2], seeds: [1] })
 *   .map((c) => c.id);
 * // ['if100-softmax-b0-s1', 'if100-softmax-b0.9999-s1', 'if100-focal-b0-g1-s1', 'if100-focal-b0-g2-s1',
 * //  'if100-focal-b0.9999-g1-s1', 'if100-focal-b0.9999-g2-s1']
 */
export function sweepCells(grid: SweepGrid): SweepCell[] {
  assertList('imbalanceFactors', grid.imbalanceFactors, 'numbers >= 1', (v) => Number.isFinite(v) && v >= 1);
  assertList('betas', grid.betas, 'numbers in [0, 1]', (v) => v >= 0 && v <= 1);
  assertList('gammas', grid.gammas, 'finite numbers >= 0', (v) => Number.isFinite(v) && v >= 0);
  assertList('seeds', grid.seeds, 'integers', (v) => Number.isSafeInteger(v));
  if (grid.losses.length === 0) throw new CbLossError('invalid-argument', `sweepCells: 'losses' must not be empty; got [].`);
  const losses = unique(grid.losses.map((name) => resolveLossType(name, { caller: 'sweep', argument: '--losses' })));
  const cells: SweepCell[] = [];
  for (const imbalanceFactor of unique(grid.imbalanceFactors)) {
    for (const loss of losses) {
      for (const beta of unique(grid.betas)) {
        for (const gamma of loss === 'focal' ? unique(grid.gammas) : [0]) {
          for (const seed of unique(grid.seeds)) {
            const cell = { imbalanceFactor, loss, beta, gamma, seed };
            cells.push({ id: cellId(cell), ...cell });
          }
        }
      }
    }
  }
  return cells;
}
