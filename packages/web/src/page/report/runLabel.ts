import { methodByName, methodLabel, parameterSymbol } from '../methods.js';

/**
 * The name of a run in tables and legends: its number, the method's label (`CB …` when class-balanced), β
 * when class-balanced, the method's own parameters and the deferred re-weighting epoch if any, e.g.
 * `'#2 CB focal (β = 0.999, γ = 2)'`.
 *
 * @example
 * runLabel(1, 'softmax', 0, {});                 // '#1 softmax'
 * runLabel(2, 'softmax', 0.999, {});             // '#2 CB softmax (β = 0.999)'
 * runLabel(3, 'focal', 0, { gamma: 0.5 });       // '#3 focal (γ = 0.5)'
 * runLabel(4, 'softmax', 0.99, {}, 8);           // '#4 CB softmax (β = 0.99, DRW from epoch 9)'
 */
export function runLabel(id: number, methodName: string, beta: number, parameters: Readonly<Record<string, number>>, drwEpoch?: number): string {
  const method = methodByName(methodName);
  const show = (value: number): string => String(Number(value.toPrecision(6)));
  const parts = [
    ...(beta > 0 ? [`β = ${show(beta)}`] : []),
    ...method.parameters.map((p) => `${parameterSymbol(p)} = ${show(parameters[p.name] ?? p.default)}`),
    ...(beta > 0 && drwEpoch !== undefined && drwEpoch > 0 ? [`DRW from epoch ${drwEpoch + 1}`] : []),
  ];
  return `#${id} ${methodLabel(methodName, beta)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
