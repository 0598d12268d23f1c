import { LOSS_METHODS, type MethodParameter } from 'class-balanced-loss';
import { formatParameter } from './formatNumbers.js';

/**
 * A method's parameters as tables and plots print them, `'γ=0.5'`, each with the symbol the library's registry gives
 * it (its name when it has none, e.g. a parameter of a method this version does not know), in the order given.
 *
 * @example
 * parameterText({ gamma: 0.5 }); // ['γ=0.5']
 * parameterText({ tau: 1 });     // ['τ=1'] when the registry gives τ, else ['tau=1']
 */
export function parameterText(parameters: Readonly<Record<string, number>>, format: (value: number) => string = formatParameter): string[] {
  const known = LOSS_METHODS.flatMap((m) => m.parameters as readonly MethodParameter[]);
  return Object.entries(parameters).map(([name, value]) => `${known.find((p) => p.name === name)?.symbol ?? name}=${format(value)}`);
}
