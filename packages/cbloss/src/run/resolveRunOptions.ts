import { resolveMethod } from 'class-balanced-loss';
import type { RunOptions, RunOptionsInput } from '../types.js';
import { RUN_DEFAULTS } from './runDefaults.js';
import { validateRunOptions } from './validateRunOptions.js';

/**
 * Completes partial run options with {@link RUN_DEFAULTS} and the registry defaults of the method's parameters, then
 * validates the whole ({@link validateRunOptions}), so that `runExperiment` only ever sees sound options. Fields left
 * undefined stay undefined where the data decides (`data.augment`, `model.name`) or where undefined means off
 * (`loss.drwEpoch`, `compute.threads`, `compute.dataDir`).
 *
 * @throws RunOptionsError naming the option's path, e.g.
 *   `resolveRunOptions: 'optimiser.epochs' must be a positive integer; got 0.`
 * @example
 * const options = resolveRunOptions({ data: { dataset: 'cifar10' }, loss: { method: 'focal', beta: 0.9999 }, output: { out: 'runs/a' } });
 * options.loss.parameters; // { gamma: 2 }
 * options.optimiser.epochs; // 200
 */
export function resolveRunOptions(input: RunOptionsInput): RunOptions {
  const fn = 'resolveRunOptions';
  const defined = <T extends object>(group: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(group ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  const loss = { ...RUN_DEFAULTS.loss, ...defined(input.loss) };
  // Defaults of the method's parameters from the registry (an unknown method is reported by validateRunOptions).
  const method = (() => {
    try {
      return resolveMethod(loss.method);
    } catch {
      return undefined;
    }
  })();
  const parameterDefaults = Object.fromEntries((method?.parameters ?? []).map((p) => [p.name, p.default]));
  // Unknown groups go through, so that validation names them (with the nearest group).
  const { data: _d, loss: _l, model: _m, optimiser: _o, seed: _s, compute: _c, output: _out, ...unknown } = input;
  const options: RunOptions = {
    ...unknown,
    data: { ...RUN_DEFAULTS.data, ...defined(input.data) },
    loss: { ...loss, parameters: { ...parameterDefaults, ...defined(input.loss?.parameters) } },
    model: { ...defined(input.model) },
    optimiser: { ...RUN_DEFAULTS.optimiser, ...defined(input.optimiser) },
    seed: input.seed ?? RUN_DEFAULTS.seed,
    compute: { ...RUN_DEFAULTS.compute, ...defined(input.compute) },
    output: { ...RUN_DEFAULTS.output, ...defined(input.output), out: input.output?.out },
  } as RunOptions;
  validateRunOptions(options, fn);
  return options;
}
