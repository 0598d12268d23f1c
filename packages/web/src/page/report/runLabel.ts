import { methodByName } from '../methods.js';

/**
 * The name of a run in tables and legends: its number, the method's label and the values of its
 * parameters, e.g. `'#2 class-balanced focal (β = 0.999, γ = 2)'`.
 *
 * @example
 * runLabel(1, 'softmax', { beta: 0.999, gamma: 2 });     // '#1 softmax cross-entropy'
 * runLabel(2, 'cb-softmax', { beta: 0.999, gamma: 2 });  // '#2 class-balanced softmax (β = 0.999)'
 */
export function runLabel(id: number, methodName: string, values: { readonly beta: number; readonly gamma: number }): string {
  const method = methodByName(methodName);
  const parts = method.parameters.map((p) => `${p.name === 'beta' ? 'β' : 'γ'} = ${Number(values[p.name].toPrecision(6))}`);
  return `#${id} ${method.label}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
