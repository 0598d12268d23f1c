// The class-balanced sigmoid focal loss of the benchmark: `classBalancedLoss` from 'class-balanced-loss'
// when it is built, else the same formula inline (as in torch_bench.py).
import * as tf from '@tensorflow/tfjs-core';

/** n_i = nMax · imbalance^(−i/(C−1)), at least 1 (same as torch_bench.py). */
export function longTailCounts(numClasses, nMax = 1000, imbalance = 100) {
  return Array.from({ length: numClasses }, (_, i) => Math.max(1, Math.floor(nMax * imbalance ** (-i / (numClasses - 1)))));
}

/** Returns `{ source, loss(labels [B] int32, logits [B, C]) → scalar }`. */
export async function makeFocalLoss(numClasses, beta = 0.999, gamma = 0.5) {
  const counts = longTailCounts(numClasses);
  try {
    const { classBalancedLoss } = await import('class-balanced-loss');
    if (typeof classBalancedLoss === 'function') {
      return { source: 'class-balanced-loss', loss: classBalancedLoss({ samplesPerClass: counts, beta, type: 'focal', gamma }) };
    }
  } catch {
    // not built yet: fall through to the inline formula
  }
  const w = counts.map((n) => (1 - beta) / -Math.expm1(n * Math.log1p(beta - 1)));
  const s = w.reduce((a, b) => a + b, 0);
  const weights = tf.keep(tf.tensor1d(w.map((v) => (v * numClasses) / s)));
  const loss = (labels, logits) =>
    tf.tidy(() => {
      const z = tf.cast(tf.oneHot(labels, numClasses), 'float32');
      // BCE = max(x, 0) − x·z + log1p(exp(−|x|))
      const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, z)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
      // (1 − p_t)^γ = exp(−γ·(z·x + softplus(−x)))
      const modulator = tf.exp(tf.mul(-gamma, tf.add(tf.mul(z, logits), tf.softplus(tf.neg(logits)))));
      const wb = tf.sum(tf.mul(z, weights), 1, true);
      return tf.div(tf.sum(tf.mul(wb, tf.mul(modulator, bce))), tf.sum(z));
    });
  return { source: 'inline', loss };
}
