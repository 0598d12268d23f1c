import type { ShotAccuracy } from '../types.js';

/** Human descriptions of the many/medium/few-shot groups, e.g. `'>100'`, `'20–100'`, `'<20'` training samples. */
export interface ShotGroupNames {
  readonly many: string;
  readonly medium: string;
  readonly few: string;
}

/**
 * Describes the training-count ranges of the three shot groups of {@link ShotAccuracy}: many-shot classes
 * have more than `manyAbove` training samples, few-shot classes fewer than `fewBelow`, medium the rest.
 *
 * @example
 * shotThresholds({ manyAbove: 100, fewBelow: 20, many: 80, medium: 60, few: 30 });
 * // { many: '>100', medium: '20–100', few: '<20' }
 */
export function shotThresholds(shots: ShotAccuracy): ShotGroupNames {
  return { many: `>${shots.manyAbove}`, medium: `${shots.fewBelow}–${shots.manyAbove}`, few: `<${shots.fewBelow}` };
}
