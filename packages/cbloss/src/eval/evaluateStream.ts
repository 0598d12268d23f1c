import type * as tfl from '@tensorflow/tfjs-layers';
import type { DecodePool } from '../data/stream/decodePool.js';
import { rankStream } from './rankStream.js';
import { assertTrainCounts, scoreRanked, type StreamEvaluation } from './scoreRanked.js';

export { LARGE_SCALE_SHOTS, type StreamEvaluation } from './scoreRanked.js';

/** Options of {@link evaluateStream}. */
export interface EvaluateStreamOptions {
  readonly numClasses: number;
  /** Training samples per class: decides the many/medium/few groups, by the literature's fixed thresholds `LARGE_SCALE_SHOTS`. */
  readonly trainSamplesPerClass: readonly number[];
  /** Added to each row of logits before ranking (post-hoc logit adjustment), length C. Default: none. */
  readonly logitOffsets?: readonly number[] | undefined;
}

/**
 * Evaluates a model on a split streamed from disk in one process: {@link rankStream} (the pool, in `'eval'` mode:
 * resize + centre crop, normalised, no shuffling, decodes it batch by batch within its memory bound; each batch goes
 * through the model in inference mode and only its top-5 classes come back to the host), then {@link scoreRanked}:
 * top-1 and top-5 error, per-class accuracy, the confusion matrix (O(C + N)) and many/medium/few accuracy (> 100,
 * 20–100, < 20 training images), with the library's metrics. No tensor outlives the call. A data-parallel run
 * evaluates the split in parts, one per rank: `evaluateStreamParts`.
 *
 * @throws CblossError from the pool (a bad file names it) or `shape-mismatch` for a model that does not output `[n, C]`.
 * @example
 * const pool = createDecodePool(ds.test, { transform: { mode: 'eval', size: 224 }, batchSize: 64, seed: 1 });
 * const r = await evaluateStream(model, pool, { numClasses: ds.numClasses, trainSamplesPerClass: ds.trainCounts });
 * r.top1Error, r.top5Error; // e.g. 35.2, 14.8
 */
export async function evaluateStream(model: tfl.LayersModel, pool: DecodePool, options: EvaluateStreamOptions): Promise<StreamEvaluation> {
  const { numClasses, trainSamplesPerClass, logitOffsets } = options;
  assertTrainCounts('evaluateStream', numClasses, trainSamplesPerClass);
  const { labels, ranked } = await rankStream(model, pool, { numClasses, logitOffsets });
  return scoreRanked(labels, ranked, { numClasses, trainSamplesPerClass });
}
