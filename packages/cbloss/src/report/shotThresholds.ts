import type { ShotAccuracy } from '../types.js';

/** Human descriptions of the many/medium/few-shot groups, e.g. `'>100'`, `'20–100'`, `'<20'` training samples. */
export interface ShotGroupNames {
  readonly many: string;
  readonly medium: string;
  readonly few: string;
}

/**
 * The recorded thresholds as whole training counts. The library scales the long-tail papers' 100 and 20 with the
 * largest class when it has fewer than 1000 samples (`manyAbove = 100 · maxCount / 1000`), so a small dataset
 * records fractional thresholds (4.8 and 0.96 for a largest class of 48, 1.4000000000000001 for 14); counts are
 * integers, so `count > 4.8` means `count > 4` and `count < 0.96` means `count < 1`.
 */
export interface ShotCountBounds {
  /** Many-shot classes have more than this many training samples: ⌊manyAbove⌋. */
  readonly manyAbove: number;
  /** Few-shot classes have fewer than this many training samples: ⌈fewBelow⌉. */
  readonly fewBelow: number;
}

/**
 * The thresholds of {@link ShotAccuracy} as whole training counts, the same groups (see {@link ShotCountBounds}).
 *
 * @example
 * shotCountBounds({ manyAbove: 4.8, fewBelow: 0.96, many: 80, medium: 60, few: null }); // { manyAbove: 4, fewBelow: 1 }
 */
export function shotCountBounds(shots: ShotAccuracy): ShotCountBounds {
  return { manyAbove: Math.floor(shots.manyAbove), fewBelow: Math.ceil(shots.fewBelow) };
}

/**
 * Describes the training-count ranges of the three shot groups of {@link ShotAccuracy} in whole counts (as
 * {@link shotCountBounds}): many-shot classes have more than ⌊manyAbove⌋ training samples, few-shot classes fewer
 * than ⌈fewBelow⌉, medium the rest. A group no count can fall in is `'none'`; a group of one count names it.
 *
 * @example
 * shotThresholds({ manyAbove: 100, fewBelow: 20, many: 80, medium: 60, few: 30 });
 * // { many: '>100', medium: '20–100', few: '<20' }
 * shotThresholds({ manyAbove: 0.1, fewBelow: 0.02, many: 80, medium: null, few: null }); // largest class 1
 * // { many: '>0', medium: 'none', few: '0' }
 */
export function shotThresholds(shots: ShotAccuracy): ShotGroupNames {
  const { manyAbove, fewBelow } = shotCountBounds(shots);
  const medium = fewBelow > manyAbove ? 'none' : fewBelow === manyAbove ? `${fewBelow}` : `${fewBelow}–${manyAbove}`;
  const few = fewBelow <= 0 ? 'none' : fewBelow === 1 ? '0' : `<${fewBelow}`;
  return { many: `>${manyAbove}`, medium, few };
}
