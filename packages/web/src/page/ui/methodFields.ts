import type { LossMethod } from 'class-balanced-loss';
import { parameterSymbol } from '../methods.js';

/**
 * Replaces the content of `container` with one number field per parameter of a method, from the registry
 * (name, default, range, help): `<label>γ <input id="param-gamma" …></label>`. Values are validated by
 * `createLoss` when a run starts.
 */
export function renderMethodFields(container: HTMLElement, method: LossMethod): void {
  container.replaceChildren(
    ...method.parameters.map((parameter) => {
      const label = document.createElement('label');
      const field = document.createElement('input');
      field.type = 'number';
      field.id = `param-${parameter.name}`;
      field.step = 'any';
      field.value = String(parameter.default);
      field.min = String(parameter.min);
      if (Number.isFinite(parameter.max)) field.max = String(parameter.max);
      field.title = parameter.help;
      label.title = parameter.help;
      label.append(`${parameterSymbol(parameter)} `, field);
      return label;
    }),
  );
}

/** The values of a method's parameter fields (see {@link renderMethodFields}); an empty field is left out (default). */
export function readMethodFields(container: HTMLElement, method: LossMethod): Record<string, number> {
  const values: Record<string, number> = {};
  for (const parameter of method.parameters) {
    const field = container.querySelector<HTMLInputElement>(`#param-${parameter.name}`);
    if (field !== null && field.value.trim() !== '') values[parameter.name] = Number(field.value);
  }
  return values;
}
