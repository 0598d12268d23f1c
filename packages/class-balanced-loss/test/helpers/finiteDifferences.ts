import { tf } from './tf.js';

/**
 * Central finite differences of a scalar function of a [B, C] float32 tensor. In float32, step h = 1e-2 balances
 * truncation O(h²·f''') against rounding O(eps·f/h) ≈ 1e-5: compare at 2e-3 relative / 2e-4 absolute.
 */
export function finiteDifferences(f: (x: tf.Tensor) => tf.Tensor, logits: number[][], h = 1e-2): number[] {
  const flat = logits.flat();
  const shape: [number, number] = [logits.length, (logits[0] as number[]).length];
  const at = (values: number[]) => tf.tidy(() => f(tf.tensor2d(values, shape)).dataSync()[0] as number);
  return flat.map((_, i) => {
    const plus = flat.slice();
    const minus = flat.slice();
    plus[i] = (plus[i] as number) + h;
    minus[i] = (minus[i] as number) - h;
    return (at(plus) - at(minus)) / (2 * h);
  });
}
