import { CblossError } from '../CblossError.js';

/**
 * Top-k error in percent: the share of samples whose true class is not among the `k` classes the model ranks
 * highest. `ranked` holds, per sample, its `k` best classes (row-major `[n, k]`, e.g. from `tf.topk(logits, k)`);
 * top-1 error is `k = 1`. ImageNet and iNaturalist report top-1 and top-5 (Cui et al. 2019, Table 3).
 *
 * `error = 100 · |{i : labels[i] ∉ ranked[i·k .. i·k + k)}| / n`
 *
 * @throws CblossError `shape-mismatch` when `ranked` is not `n × k` values, `invalid-argument` for no sample.
 * @example
 * topKError(Int32Array.from([2, 0]), Int32Array.from([1, 2, 1, 2]), 2); // 50 (sample 1's class 0 is not in [1, 2])
 */
export function topKError(labels: Int32Array, ranked: Int32Array, k: number): number {
  const n = labels.length;
  if (n === 0) throw new CblossError('invalid-argument', `topKError: 'labels' must hold at least one sample; got none.`);
  if (!Number.isInteger(k) || k < 1 || ranked.length !== n * k) {
    throw new CblossError('shape-mismatch', `topKError: 'ranked' must hold labels.length × k = ${n} × ${k} classes; got ${ranked.length}.`);
  }
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    let hit = false;
    for (let j = 0; j < k; j++) if (ranked[i * k + j] === labels[i]) hit = true;
    if (!hit) wrong++;
  }
  return (100 * wrong) / n;
}
