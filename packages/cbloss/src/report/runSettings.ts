import { METHOD_NAMES, resolveMethod } from 'class-balanced-loss';
import type { RunResults } from '../types.js';

/** The loss settings of one run, read from its recorded options. */
export interface RunSettings {
  /** The method as recorded (e.g. `'focal'`), or `'?'` when absent. */
  readonly loss: string;
  /** The method's label in the library's registry (its name when the registry does not know it). */
  readonly label: string;
  /** β of the class-balanced weights; 0 (no re-weighting) when absent. */
  readonly beta: number;
  /** The method's own parameters as recorded (e.g. `{ gamma: 0.5 }`). */
  readonly parameters: Readonly<Record<string, number>>;
  /** Epochs trained unweighted before the class-balanced weights switched on (deferred re-weighting), if any. */
  readonly drwEpoch: number | undefined;
}

/**
 * Reads the loss settings from `run.options.loss` (checked field by field, since it comes from JSON).
 *
 * @example
 * runSettings(run); // { loss: 'focal', label: 'focal', beta: 0.999, parameters: { gamma: 0.5 }, drwEpoch: undefined }
 */
export function runSettings(run: RunResults): RunSettings {
  const recorded = (run.options?.loss ?? {}) as unknown as Partial<Record<string, unknown>>;
  const name = typeof recorded['method'] === 'string' ? recorded['method'] : '?';
  const beta = recorded['beta'];
  const drwEpoch = recorded['drwEpoch'];
  const parameters = Object.fromEntries(
    Object.entries((recorded['parameters'] ?? {}) as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
  return {
    loss: name,
    label: (METHOD_NAMES as readonly string[]).includes(name) ? resolveMethod(name).label : name,
    beta: typeof beta === 'number' && Number.isFinite(beta) ? beta : 0,
    parameters,
    drwEpoch: typeof drwEpoch === 'number' ? drwEpoch : undefined,
  };
}
