import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CblossError } from '../CblossError.js';
import type { DecodePool } from '../data/stream/decodePool.js';

/** How many classes a streamed evaluation keeps per sample: the top 5, or all C when C < 5. */
export function rankDepth(numClasses: number): number {
  return Math.min(5, numClasses);
}

/** Options of {@link rankStream}. */
export interface RankStreamOptions {
  readonly numClasses: number;
  /** Added to each row of logits before ranking (post-hoc logit adjustment), length C. Default: none. */
  readonly logitOffsets?: readonly number[] | undefined;
}

/** What {@link rankStream} returns: per sample that could be read, in the pool's order. */
export interface RankedStream {
  /** The samples' classes. */
  readonly labels: Int32Array;
  /** Each sample's `k` = {@link rankDepth}(C) highest-scoring classes, best first (row-major `[n, k]`). */
  readonly ranked: Int32Array;
  /** The samples' positions in the pool's split (skipped images left out). */
  readonly indices: Int32Array;
}

/**
 * The decode-and-rank half of a streamed evaluation: `pool` (in `'eval'` mode: resize + centre crop, normalised, no
 * shuffling) decodes its split batch by batch in its worker threads within its memory bound; each batch goes through
 * the model in inference mode (batch norm's moving statistics), `logitOffsets` are added, and only the `k` =
 * min(5, C) best classes of each sample come back to the host (`tf.topk`, which orders ties by class index as argMax:
 * the first is the top-1 prediction). Images the pool skips (`skipBadImages`) are left out. No tensor outlives the call.
 *
 * @throws CblossError from the pool (a bad file names it) or `shape-mismatch` for a model that does not output `[n, C]`.
 * @example
 * const pool = createDecodePool(ds.test, { transform: { mode: 'eval', size: 224 }, batchSize: 64, seed: 1, shuffle: false });
 * const { labels, ranked } = await rankStream(model, pool, { numClasses: ds.numClasses });
 * ranked.length === labels.length * 5; // true for C ≥ 5
 */
export async function rankStream(model: tfl.LayersModel, pool: DecodePool, options: RankStreamOptions): Promise<RankedStream> {
  const { numClasses, logitOffsets } = options;
  const k = rankDepth(numClasses);
  const labels: number[] = [];
  const ranked: number[] = [];
  const indices: number[] = [];
  for await (const batch of pool.epoch(0)) {
    const top = tf.tidy(() => {
      const logits = model.predict(tf.tensor4d(batch.x, [...batch.shape])) as tf.Tensor;
      if (logits.rank !== 2 || logits.shape[0] !== batch.count || logits.shape[1] !== numClasses) {
        throw new CblossError('shape-mismatch', `rankStream: 'model' must output logits [${batch.count}, ${numClasses}]; got [${logits.shape.join(', ')}].`);
      }
      const adjusted = logitOffsets === undefined ? logits : tf.add(logits, tf.tensor1d(Array.from(logitOffsets), 'float32'));
      return tf.topk(adjusted, k).indices;
    });
    const values = await top.data();
    top.dispose();
    for (const v of values) ranked.push(v);
    for (const l of batch.labels) labels.push(l);
    for (const i of batch.indices) indices.push(i);
  }
  return { labels: Int32Array.from(labels), ranked: Int32Array.from(ranked), indices: Int32Array.from(indices) };
}
