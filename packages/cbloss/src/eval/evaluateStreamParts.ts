import type * as tfl from '@tensorflow/tfjs-layers';
import { CblossError } from '../CblossError.js';
import type { DecodePool } from '../data/stream/decodePool.js';
import type { StreamSplit } from '../data/stream/StreamDataset.js';
import { splitView } from '../data/stream/splitView.js';
import type { DataParallel } from '../distributed/DataParallel.js';
import { gatherAtOffset } from '../distributed/gatherAtOffset.js';
import { shardRange } from '../distributed/shardRange.js';
import { withRankZeroStatistics } from '../distributed/withRankZeroStatistics.js';
import type { EvaluateStreamOptions } from './evaluateStream.js';
import { rankDepth, rankStream, type RankedStream, type RankStreamOptions } from './rankStream.js';
import { assertTrainCounts, scoreRanked, type StreamEvaluation } from './scoreRanked.js';

/** What {@link evaluateStreamParts} returns on each rank. */
export interface StreamPartsEvaluation {
  /** Rank 0: the metrics of the whole split, as one process evaluating it would compute them. Other ranks: `undefined`. */
  readonly evaluation: StreamEvaluation | undefined;
  /** Rank 0: the files skipped on any rank (`skipBadImages`), in the split's order. Other ranks: this rank's own. */
  readonly skipped: readonly string[];
}

/** Classes are sent as float32, exact for integers below 2^24 (a label travels as label + 1). */
const MAX_CLASSES = 2 ** 24 - 1;

/**
 * Evaluates a model on a streamed split with every rank of a data-parallel group, each on its contiguous part:
 * rank r decodes and ranks the positions `shardRange(0, N, r, worldSize)` of the split (the parts cover it in rank
 * order) with its own pool, `openPool(part)` (a {@link splitView} of the split, in `'eval'` mode, not shuffled), by
 * `rankStream`, with rank 0's batch-norm moving statistics ({@link withRankZeroStatistics}: the ranks' own may differ,
 * and the saved model holds rank 0's). The parts are gathered in one sum over ranks ({@link gatherAtOffset}): position i of the split is a
 * row `[label + 1, k best classes]` (k = min(5, C)) written by the rank that owns it, all zeros when its image was
 * skipped. Rank 0 reads the rows in the split's order, leaving the skipped ones out, and scores them once with
 * `scoreRanked`: the labels, predictions and metrics of one process evaluating the whole split (`evaluateStream`),
 * in 1/N of the time. About N × (1 + k) × 4 bytes cross the network per rank (0.6 MB for iNaturalist 2018's 24,426
 * val images). A collective: every rank calls it with the same split and options.
 *
 * @throws CblossError `invalid-argument` for an empty split or C ≥ 2^24, `shape-mismatch` when `trainSamplesPerClass`
 *   does not have C entries (on every rank, before any collective); from the pool (a bad file names it) or the model.
 * @example
 * const open = (part: StreamSplit) => createDecodePool(part, { transform: { mode: 'eval', size: 224 }, batchSize: 64, seed: 1, shuffle: false });
 * const { evaluation } = await evaluateStreamParts(dp, model, ds.test, open, { numClasses: ds.numClasses, trainSamplesPerClass: ds.trainCounts });
 * evaluation?.top1Error; // on rank 0, e.g. 35.2; undefined on the others
 */
export async function evaluateStreamParts(
  dp: DataParallel,
  model: tfl.LayersModel,
  split: StreamSplit,
  openPool: (part: StreamSplit) => DecodePool,
  options: EvaluateStreamOptions,
): Promise<StreamPartsEvaluation> {
  const fn = 'evaluateStreamParts';
  const { numClasses, trainSamplesPerClass, logitOffsets } = options;
  assertTrainCounts(fn, numClasses, trainSamplesPerClass);
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > MAX_CLASSES) {
    throw new CblossError('invalid-argument', `${fn}: 'numClasses' must be an integer in [1, ${MAX_CLASSES}] (classes travel as float32); got ${numClasses}.`);
  }
  if (split.count === 0) throw new CblossError('invalid-argument', `${fn}: 'split' must hold at least one sample; got none.`);
  const k = rankDepth(numClasses);
  const width = 1 + k;
  const [from, to] = shardRange(0, split.count, dp.rank, dp.worldSize);
  const part = splitView(split, from, to);
  // Every rank evaluates rank 0's model: its batch-norm moving statistics, which the saved model holds.
  const mine = await withRankZeroStatistics(dp, model, () => rankPart(model, part, openPool, { numClasses, logitOffsets }));
  const rows = new Float32Array(part.count * width);
  mine.ranked.indices.forEach((position, j) => {
    rows[position * width] = mine.ranked.labels[j]! + 1;
    for (let c = 0; c < k; c++) rows[position * width + 1 + c] = mine.ranked.ranked[j * k + c]!;
  });
  const whole = await gatherAtOffset(dp, rows, from * width, split.count * width);
  if (dp.rank !== 0) return { evaluation: undefined, skipped: mine.skipped };
  const allLabels: number[] = [];
  const allRanked: number[] = [];
  const skipped: string[] = [];
  for (let i = 0; i < split.count; i++) {
    const mark = whole[i * width]!;
    if (mark === 0) {
      skipped.push(split.paths[i]!);
      continue;
    }
    allLabels.push(mark - 1);
    for (let c = 0; c < k; c++) allRanked.push(whole[i * width + 1 + c]!);
  }
  return { evaluation: scoreRanked(Int32Array.from(allLabels), Int32Array.from(allRanked), { numClasses, trainSamplesPerClass }), skipped };
}

/** This rank's part ranked by its own pool (none opened for an empty part), and the files the pool skipped. */
async function rankPart(
  model: tfl.LayersModel,
  part: StreamSplit,
  openPool: (part: StreamSplit) => DecodePool,
  options: RankStreamOptions,
): Promise<{ readonly ranked: RankedStream; readonly skipped: readonly string[] }> {
  if (part.count === 0) return { ranked: { labels: new Int32Array(0), ranked: new Int32Array(0), indices: new Int32Array(0) }, skipped: [] };
  const pool = openPool(part);
  try {
    const ranked = await rankStream(model, pool, options);
    return { ranked, skipped: pool.stats().skipped.map((s) => s.path) };
  } finally {
    await pool.close();
  }
}
