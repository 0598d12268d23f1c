import { BACKENDS, type BackendChoice } from './useBackend.js';

/**
 * Checks the value of the backend menu.
 *
 * @example
 * backendChoice('wasm'); // 'wasm'
 * backendChoice('gpu');  // throws: backendChoice: 'backend' must be one of 'auto', 'webgl', 'wasm', 'cpu'; got 'gpu'.
 */
export function backendChoice(value: string): BackendChoice {
  const choices: readonly string[] = ['auto', ...BACKENDS];
  if (choices.includes(value)) return value as BackendChoice;
  throw new Error(`backendChoice: 'backend' must be one of ${choices.map((c) => `'${c}'`).join(', ')}; got '${value}'.`);
}
