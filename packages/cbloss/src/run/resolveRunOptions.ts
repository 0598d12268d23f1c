import { nearestName, resolveMethod } from 'class-balanced-loss';
import type { RunOptions, RunOptionsInput } from '../types.js';
import { RECIPES } from './recipes.js';
import { RunOptionsError } from './RunOptionsError.js';
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
export function resolveRunOptions(given: RunOptionsInput): RunOptions {
  const fn = 'resolveRunOptions';
  const defined = <T extends object>(group: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(group ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  const input = withRecipe(fn, given, defined);
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
  const { data: _d, loss: _l, model: _m, optimiser: _o, seed: _s, compute: _c, output: _out, recipe: _r, ...unknown } = input;
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

/**
 * The input with its recipe's settings (`RECIPES`) under the options given explicitly, field by field; no recipe: as it
 * is. An unknown recipe is a `RunOptionsError` (`unknown-name`, path `recipe`) with the nearest valid one.
 */
function withRecipe(fn: string, input: RunOptionsInput, defined: <T extends object>(group: T | undefined) => Partial<T>): RunOptionsInput {
  if (input.recipe === undefined) return input;
  const recipe = RECIPES.find((r) => r.name === input.recipe);
  if (recipe === undefined) {
    const near = nearestName(input.recipe, RECIPES.map((r) => r.name));
    throw new RunOptionsError(fn, 'recipe', `be one of ${RECIPES.map((r) => r.name).join(', ')}`, input.recipe, 'unknown-name', near ? ` (did you mean '${near}'?)` : '');
  }
  const { recipe: _name, output, ...given } = input;
  const preset = recipe.settings(given);
  return {
    ...given,
    data: { ...preset.data, ...defined(given.data) },
    loss: { ...preset.loss, ...defined(given.loss) },
    model: { ...preset.model, ...defined(given.model) },
    optimiser: { ...preset.optimiser, ...defined(given.optimiser) },
    compute: { ...preset.compute, ...defined(given.compute) },
    output,
  };
}
