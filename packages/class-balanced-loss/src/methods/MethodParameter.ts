/**
 * One numeric hyper-parameter of a loss method (e.g. the focal loss's γ), as the method registry declares it:
 * its name in code, its default, its valid range and a one-line help. The CLI derives its flags (`gamma` →
 * `--gamma`), their help and their validation from these; the library validates `createLoss` options with them.
 */
export interface MethodParameter {
  /** The option name in code, camelCase (e.g. `'gamma'`, `'maxMargin'`). */
  readonly name: string;
  /** The value used when none is given. */
  readonly default: number;
  /** Smallest valid value (inclusive unless `minExclusive`). */
  readonly min: number;
  /** Largest valid value (inclusive unless `maxExclusive`); `Infinity` for no bound (the value must still be finite). */
  readonly max: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  /** One line for `--help` and the docs. */
  readonly help: string;
  /** How tables and plots write it (e.g. `'γ'`); default: the name. */
  readonly symbol?: string;
  /** The values a sweep tries when none are given (e.g. the paper's γ ∈ {0.5, 1, 2}); default: `[default]`. */
  readonly sweepValues?: readonly number[];
}

/**
 * The rule a parameter's values follow, as the tail of a message `'<name>' must <rule>`.
 *
 * @example
 * parameterRule({ name: 'gamma', default: 1, min: 0, max: Infinity, help: '' }); // 'be a finite number >= 0'
 * parameterRule({ name: 'beta', default: 0, min: 0, max: 1, help: '' });          // 'be in [0, 1]'
 * parameterRule({ name: 'scale', default: 30, min: 0, max: Infinity, minExclusive: true, help: '' }); // 'be a finite number > 0'
 */
export function parameterRule(parameter: MethodParameter): string {
  const low = parameter.minExclusive ? '>' : '>=';
  if (parameter.max === Infinity) return `be a finite number ${low} ${parameter.min}`;
  return `be in ${parameter.minExclusive ? '(' : '['}${parameter.min}, ${parameter.max}${parameter.maxExclusive ? ')' : ']'}`;
}

/**
 * Whether `value` is a finite number inside the parameter's range.
 *
 * @example
 * parameterAccepts({ name: 'gamma', default: 1, min: 0, max: Infinity, help: '' }, -1); // false
 */
export function parameterAccepts(parameter: MethodParameter, value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (parameter.minExclusive ? value <= parameter.min : value < parameter.min) return false;
  if (parameter.maxExclusive ? value >= parameter.max : value > parameter.max) return false;
  return true;
}
