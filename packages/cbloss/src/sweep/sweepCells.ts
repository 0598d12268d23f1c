import { METHOD_NAMES, nearestName, parameterAccepts, parameterRule, resolveMethod, type MethodParameter } from 'class-balanced-loss';
import { RunOptionsError } from '../run/RunOptionsError.js';
import type { SweepCell } from '../types.js';

/** The axes of a sweep: every combination becomes one {@link SweepCell}. */
export interface SweepGrid {
  /** Imbalance factors (n_max / n_min), each ≥ 1. */
  readonly imbalanceFactors: readonly number[];
  /** Method names of the library's registry; unknown names are rejected with the nearest valid one. */
  readonly losses: readonly string[];
  /** β values in [0, 1]; β = 0 is the unweighted baseline, β > 0 the class-balanced version of each method. */
  readonly betas: readonly number[];
  /**
   * Values of method parameters by name (e.g. `{ gamma: [0.5, 1, 2] }`), crossed with the methods that have the
   * parameter; a method's parameter that is not listed takes its registry default (or `defaults`).
   */
  readonly parameters?: Readonly<Record<string, readonly number[]>>;
  /** Integer seeds; each setting is repeated once per seed. */
  readonly seeds: readonly number[];
}

function assertList(name: string, values: readonly number[], rule: string, ok: (v: number) => boolean): void {
  if (values.length === 0) throw new RunOptionsError('sweepCells', name, 'not be empty', []);
  const bad = values.find((v) => !ok(v));
  if (bad !== undefined) throw new RunOptionsError('sweepCells', name, `contain ${rule}`, bad);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The short name of a method parameter in cell ids: its first letter when no other parameter of the method starts
 * with it (`gamma` → `g`, `tau` → `t`), else its whole name.
 */
function shortName(parameter: string, all: readonly string[]): string {
  const first = parameter.charAt(0);
  return all.filter((name) => name.charAt(0) === first).length === 1 ? first : parameter;
}

/**
 * The directory name of a cell under the sweep directory: `if<IF>-<method>-b<β>[-<p><value>...]-s<seed>` with one
 * segment per method parameter (short names, see above), e.g. `'if100-focal-b0.999-g1-s1'`.
 */
export function cellId(cell: Omit<SweepCell, 'id'>): string {
  const names = Object.keys(cell.parameters);
  const parameters = names.map((name) => `-${shortName(name, names)}${cell.parameters[name]}`).join('');
  return `if${cell.imbalanceFactor}-${cell.loss}-b${cell.beta}${parameters}-s${cell.seed}`;
}

/** Every combination of the listed values of `parameters` (registry order), defaults where a parameter has no list. */
function parameterSettings(
  parameters: readonly MethodParameter[],
  lists: Readonly<Record<string, readonly number[]>>,
): Record<string, number>[] {
  let settings: Record<string, number>[] = [{}];
  for (const parameter of parameters) {
    const values = unique(lists[parameter.name] ?? [parameter.default]);
    settings = settings.flatMap((setting) => values.map((value) => ({ ...setting, [parameter.name]: value })));
  }
  return settings;
}

/**
 * Expands a grid into its cells, in a stable order: imbalance factor, method, β, parameter values, seed (outermost
 * first), so that a sweep fills the table one column at a time. Duplicate values are dropped. A parameter list is
 * crossed only with the methods that have the parameter (softmax cells are not repeated per focal γ).
 *
 * @throws RunOptionsError (naming the grid field, e.g. `'betas'`) 'invalid-argument' for an empty axis, IF < 1, β outside [0, 1], a parameter value outside its
 * registry range, a parameter no listed method has, or a non-integer seed; 'unknown-name' for an unknown method (with
 * the nearest valid name).
 *
 * @example
 * sweepCells({ imbalanceFactors: [100], losses: ['softmax', 'focal'], betas: [0, 0.9999], parameters: { gamma: [1, 2] }, seeds: [1] })
 *   .map((c) => c.id);
 * // ['if100-softmax-b0-s1', 'if100-softmax-b0.9999-s1', 'if100-focal-b0-g1-s1', 'if100-focal-b0-g2-s1',
 * //  'if100-focal-b0.9999-g1-s1', 'if100-focal-b0.9999-g2-s1']
 */
export function sweepCells(grid: SweepGrid): SweepCell[] {
  assertList('imbalanceFactors', grid.imbalanceFactors, 'numbers >= 1', (v) => Number.isFinite(v) && v >= 1);
  assertList('betas', grid.betas, 'numbers in [0, 1]', (v) => v >= 0 && v <= 1);
  assertList('seeds', grid.seeds, 'integers', (v) => Number.isSafeInteger(v));
  if (grid.losses.length === 0) throw new RunOptionsError('sweepCells', 'losses', 'not be empty', []);
  const methods = unique(grid.losses).map((name) => {
    if ((METHOD_NAMES as readonly string[]).includes(name)) return resolveMethod(name);
    const nearest = nearestName(name, METHOD_NAMES);
    throw new RunOptionsError('sweepCells', 'losses', `contain only ${METHOD_NAMES.join(', ')}`, name, 'unknown-name', nearest === undefined ? '' : ` (did you mean '${nearest}'?)`);
  });
  const lists = grid.parameters ?? {};
  for (const [name, values] of Object.entries(lists)) {
    const parameter = methods.flatMap((m) => m.parameters as readonly MethodParameter[]).find((p) => p.name === name);
    if (parameter === undefined) {
      throw new RunOptionsError('sweepCells', `parameters.${name}`, `be a parameter of one of the methods ${methods.map((m) => m.name).join(', ')}`, name);
    }
    assertList(`parameters.${name}`, values, `values that ${parameterRule(parameter).replace(/^be /, 'are ')}`, (v) => parameterAccepts(parameter, v));
  }
  const cells: SweepCell[] = [];
  for (const imbalanceFactor of unique(grid.imbalanceFactors)) {
    for (const method of methods) {
      for (const beta of unique(grid.betas)) {
        for (const parameters of parameterSettings(method.parameters, lists)) {
          for (const seed of unique(grid.seeds)) {
            const cell = { imbalanceFactor, loss: method.name, beta, parameters, seed };
            cells.push({ id: cellId(cell), ...cell });
          }
        }
      }
    }
  }
  return cells;
}
