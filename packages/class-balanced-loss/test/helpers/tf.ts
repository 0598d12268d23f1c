// Test set-up shared by the TensorFlow.js tests: both CPU backends, and the gradient registry.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core's Node bundle registers no gradient; tfjs-layers registers all of them (as @tensorflow/tfjs does).
import '@tensorflow/tfjs-layers';

export { tf };

/** The backends every numerical test runs on. */
export const BACKENDS = ['cpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * Selects a backend (awaiting wasm initialisation). IS_TEST is left off: its kernel leak check reports a
 * false positive for tf.logSoftmax under a gradient tape on wasm; `expectNoLeak` checks leaks instead.
 */
export async function useBackend(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`backend ${name} could not be initialised`);
  await tf.ready();
}

/**
 * Runs `f`, which must dispose every tensor it creates itself, and fails if the number of live tensors
 * changed: any tensor the library leaves behind shows up here.
 */
export function expectNoLeak(f: () => void): void {
  const count = () => `${tf.memory().numTensors} tensors, ${tf.memory().numDataBuffers} data buffers`;
  const before = count();
  f();
  const after = count();
  if (after !== before) throw new Error(`tensor leak: ${before} before, ${after} after`);
}

/** Value and gradient of `loss(logits)` w.r.t. `logits`, read back as arrays; no tensor survives. */
export function valueAndGradData(f: (logits: tf.Tensor) => tf.Tensor, logits: tf.Tensor): { value: Float32Array; grad: Float32Array } {
  const { value, grad } = tf.valueAndGrad(f)(logits);
  const result = { value: value.dataSync() as Float32Array, grad: grad.dataSync() as Float32Array };
  tf.dispose([value, grad]);
  return result;
}
