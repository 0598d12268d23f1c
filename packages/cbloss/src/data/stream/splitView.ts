import { CblossError } from '../../CblossError.js';
import type { StreamSplit } from './StreamDataset.js';

/**
 * The samples at positions `[from, to)` of a streamed split, as a split of their own (e.g. one data-parallel rank's
 * part of the held-out split, for its own decode pool): sample `j` of the view is sample `from + j` of `split`. No
 * image and no path string is copied: the labels are a `subarray` of the split's (the same memory) and the path list
 * holds references to the same strings (8 bytes per sample).
 *
 * @throws CblossError `invalid-argument` unless `0 ≤ from ≤ to ≤ split.count` (integers).
 * @example
 * const part = splitView(ds.test, 12213, 24426); // the second half of iNaturalist 2018's val split
 * part.count, part.labels[0] === ds.test.labels[12213]; // 12213, true
 */
export function splitView(split: StreamSplit, from: number, to: number): StreamSplit {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || to > split.count) {
    throw new CblossError('invalid-argument', `splitView: '[from, to)' must be integers with 0 ≤ from ≤ to ≤ ${split.count} (the split's count); got [${from}, ${to}).`);
  }
  return { paths: split.paths.slice(from, to), labels: split.labels.subarray(from, to), count: to - from };
}
