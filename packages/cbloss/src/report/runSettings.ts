import type { RunResults } from '../types.js';

/** The loss settings of one run, read from its recorded options. */
export interface RunSettings {
  /** `'softmax' | 'sigmoid' | 'focal'` as recorded, or `'?'` when the option is absent. */
  readonly loss: string;
  /** β of the class-balanced term; 0 (no re-weighting) when absent. */
  readonly beta: number;
  /** γ of the focal loss; `undefined` unless the loss is focal. */
  readonly gamma: number | undefined;
}

/**
 * Reads `loss`, `beta` and `gamma` from `run.options` (an untyped record, since it comes from JSON).
 * γ is reported only for the focal loss, where it means something.
 *
 * @example
 * runSettings(run); // { loss: 'focal', beta: 0.999, gamma: 0.5 }
 */
export function runSettings(run: RunResults): RunSettings {
  const { loss, beta, gamma } = run.options;
  const name = typeof loss === 'string' ? loss : '?';
  return {
    loss: name,
    beta: typeof beta === 'number' && Number.isFinite(beta) ? beta : 0,
    gamma: name === 'focal' && typeof gamma === 'number' && Number.isFinite(gamma) ? gamma : undefined,
  };
}
