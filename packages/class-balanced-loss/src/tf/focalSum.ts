import * as tf from '@tensorflow/tfjs-core';
import { gatherAt, replaceAt, type ClassIdLabels } from './classIdLabels.js';
import { closedFormLoss } from './closedFormLoss.js';

/**
 * Σ_c FL_{b,c}: the per-example sum of sigmoid focal terms, with a closed-form gradient w.r.t. the logits.
 *
 * Forward (the official code's stable form, Cui et al., arXiv:1901.05555):
 *
 *   s = softplus(-x)                        (= -log σ(x), no overflow for any finite x)
 *   m = exp(-γ·(z·x + s))                   (= (1 - p_t)^γ; the exponent is ≥ 0 for z in [0, 1], so m in [0, 1])
 *   BCE = s + x - z·x                       (= -z·log σ(x) - (1 - z)·log(1 - σ(x)))
 *   out_b = Σ_c m·BCE
 *
 * Backward, with p = σ(x): d(m·BCE)/dx = m·((p - z) - γ·(p + z - 1)·BCE). Every factor is bounded
 * (m, p, z in [0, 1]; BCE ≤ |x| + log 2), so the gradient is finite for every finite x, and it costs a handful of
 * element-wise ops where automatic differentiation of the forward would record about twenty. Gradients flow to
 * the logits only: the labels are targets, not parameters.
 *
 * @param z - dense labels [B, C] in [0, 1] (one-hot, multi-hot or soft).
 * @param x - logits [B, C], float32.
 * @param gamma - focusing parameter γ ≥ 0 (validated by the caller); γ = 0 gives Σ_c BCE.
 * @returns [B].
 * @example
 * focalSum(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]), 2).print(); // [0.3465736] (2 · 0.5² · log 2)
 */
export function focalSum(z: tf.Tensor2D, x: tf.Tensor2D, gamma: number): tf.Tensor1D {
  return closedFormLoss(
    z,
    x,
    (logits, labels) => {
      const softplusNegX = tf.softplus(tf.neg(logits));
      // -z·log σ(x) - (1-z)·log(1-σ(x)) = z·softplus(-x) + (1-z)·softplus(x) and softplus(x) = softplus(-x) + x,
      // so BCE = softplus(-x) + x - z·x: one softplus, no log(0), no exp overflow
      const bce = tf.sub(tf.add(softplusNegX, logits), tf.mul(labels, logits));
      // exp of a non-positive exponent: no overflow, and no 0^γ (whose gradient is NaN for γ < 1)
      const modulator = tf.exp(tf.mul(-gamma, tf.add(tf.mul(labels, logits), softplusNegX)));
      return { value: tf.sum(tf.mul(modulator, bce), -1), keep: [logits, modulator, bce] };
    },
    (labels, kept) => {
      const [logits, m, bce] = kept as [tf.Tensor, tf.Tensor, tf.Tensor];
      const p = tf.sigmoid(logits);
      // m·((p - z) - γ·(p - (1 - z))·BCE)
      const focusing = tf.mul(tf.mul(tf.sub(p, tf.sub(1, labels)), bce), gamma);
      return tf.mul(m, tf.sub(tf.sub(p, labels), focusing));
    },
  );
}

/**
 * Σ_c FL_{b,c} of the one-hot rows of class ids y ({@link focalSum} of them), computed without them, with a
 * closed-form gradient w.r.t. the logits. The two cases of the focal term, with s = softplus(-x) (= -log σ(x)):
 *
 *   c ≠ y (z = 0):  BCE = s + x (= softplus(x)),   m = exp(-γ·s) (= σ(x)^γ),            FL = m·BCE
 *                   d FL / dx = m·(p + γ·(1 - p)·BCE),   p = σ(x)
 *   c = y (z = 1):  BCE = s,                        m = exp(-γ·(x + s)) (= σ(-x)^γ),     FL = m·BCE
 *                   d FL / dx = m·((p - 1) - γ·p·BCE),   p - 1 = -σ(-x)
 *
 * Both are `focalSum`'s formulas at z = 0 and z = 1 (every exponent ≤ 0, every factor bounded: finite for every
 * finite x). The negatives are computed over [B, C], the positives over [B] and written over the true classes.
 *
 * @param labels - class ids (see `ClassIdLabels`).
 * @param x - logits [B, C], float32.
 * @param gamma - focusing parameter γ ≥ 0 (validated by the caller); γ = 0 gives `bceSumOfIds`.
 * @returns [B].
 * @example
 * focalSumOfIds(classIdLabels(Int32Array.of(0), 2), tf.tensor2d([[0, 0]]), 2).print(); // [0.3465736] (2 · 0.5² · log 2)
 */
export function focalSumOfIds(labels: ClassIdLabels, x: tf.Tensor2D, gamma: number): tf.Tensor1D {
  return closedFormLoss(
    labels.flatIndices,
    x,
    (logits, flatIndices) => {
      const softplusNegX = tf.softplus(tf.neg(logits));
      // softplus(x) = softplus(-x) + x: one softplus for both the negatives' BCE and their modulator
      const bce = tf.add(softplusNegX, logits);
      // σ(x)^γ = exp(-γ·softplus(-x)): exp of a non-positive exponent, no 0^γ
      const modulator = tf.exp(tf.mul(softplusNegX, -gamma));
      const trueLogit = gatherAt(logits, flatIndices as tf.Tensor1D);
      const trueBce = tf.softplus(tf.neg(trueLogit));
      // σ(-x)^γ = exp(-γ·(x + softplus(-x))) = exp(-γ·softplus(x)), again a non-positive exponent
      const trueModulator = tf.exp(tf.mul(tf.add(trueLogit, trueBce), -gamma));
      // the product is fresh and read no more: replaceAt may write into it
      const focal = replaceAt(tf.mul(modulator, bce), flatIndices as tf.Tensor1D, tf.mul(trueModulator, trueBce) as tf.Tensor1D);
      return { value: tf.sum(focal, -1), keep: [logits, modulator, bce, trueLogit, trueModulator, trueBce] };
    },
    (_, kept) => {
      const [logits, m, bce, trueLogit, trueM, trueBce] = kept as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const p = tf.sigmoid(logits);
      // m·(p + γ·(1 - p)·BCE)
      const others = tf.mul(m, tf.add(p, tf.mul(tf.mul(tf.sub(1, p), bce), gamma)));
      // m_y·((p_y - 1) - γ·p_y·BCE_y), with p_y - 1 = -σ(-x_y) (no cancellation)
      const trueP = tf.sigmoid(trueLogit);
      const trueClass = tf.mul(trueM, tf.sub(tf.neg(tf.sigmoid(tf.neg(trueLogit))), tf.mul(tf.mul(trueP, trueBce), gamma)));
      return { others, trueClass };
    },
  );
}
