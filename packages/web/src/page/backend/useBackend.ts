import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from 'tfjs-backend-libtorch/wasm-training-kernels';
import { isSoftwareRenderer, webglRenderer } from './softwareRenderer.js';

/** The TensorFlow.js backends the page offers, in order of preference for `'auto'`. */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;

/** One of {@link BACKENDS}, or `'auto'`. */
export type BackendChoice = (typeof BACKENDS)[number] | 'auto';

let wasmReady = false;

/**
 * Switches TensorFlow.js to a backend and returns the one in use. The wasm binaries are served beside the
 * page (`setWasmPaths` to the page's folder: nothing from a CDN), and the stock wasm backend gets the
 * gradient kernels it lacks for convolutions (`registerWasmTrainingKernels` of `tfjs-backend-libtorch`'s
 * pure-JS/XNNPACK `wasm-training-kernels`, no native code): without them it cannot train a CNN
 * ("Kernel 'Conv2DBackpropFilter' not registered"). `'auto'` tries webgl, then wasm, then cpu, except that
 * it puts wasm first when WebGL is a software rasteriser (no GPU: webgl is then ~8x slower than wasm); an
 * explicit choice that fails to initialise throws.
 *
 * @example
 * await useBackend('wasm'); // 'wasm'
 */
export async function useBackend(choice: BackendChoice): Promise<string> {
  if (!wasmReady) {
    setWasmPaths(new URL('./', document.baseURI).href);
    registerWasmTrainingKernels();
    wasmReady = true;
  }
  const renderer = choice === 'auto' ? webglRenderer() : undefined;
  const software = renderer !== undefined && isSoftwareRenderer(renderer);
  const candidates = choice !== 'auto' ? [choice] : software ? (['wasm', 'webgl', 'cpu'] as const) : BACKENDS;
  for (const name of candidates) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch {
      // this backend cannot start here (no WebGL, no WebAssembly): try the next one
    }
  }
  throw new Error(`useBackend: 'choice' must be a backend this browser can start; got '${choice}'.`);
}
