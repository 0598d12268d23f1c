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

/** Selects a backend (awaiting wasm initialisation) and silences the "install tfjs-node" banner. */
export async function useBackend(name: BackendName): Promise<void> {
  tf.env().set('IS_TEST', true);
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`backend ${name} could not be initialised`);
  await tf.ready();
}

/** Runs `f` and returns its result; fails if the number of live tensors changed. */
export function expectNoLeak<T>(f: () => T): T {
  const before = tf.memory().numTensors;
  const result = f();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`tensor leak: ${before} tensors before, ${after} after`);
  return result;
}
