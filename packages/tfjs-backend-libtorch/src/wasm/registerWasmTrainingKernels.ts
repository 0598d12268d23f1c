import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernel } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterWasmConfig } from './conv2DBackpropFilter.js';
import { conv2DBackpropInputWasmConfig } from './conv2DBackpropInput.js';
import { cpuFallbackKernel } from './cpuFallbackKernel.js';
import { missingKernels, UNBRIDGEABLE_KERNELS } from './missingWasmKernels.js';
import { castWasmConfig, identityWasmConfig } from './identityWasm.js';
import { batchMatMulWasmConfig, fusedMatMulWasmConfig } from './matMulWasm.js';
import { maxPoolGradWasmConfig } from './maxPoolGradWasm.js';
import { meanWasmConfig, sumWasmConfig } from './reduceLeadingAxesWasm.js';
import { replaceKernel } from './replacedKernels.js';
import { tileWasmConfig } from './tileWasm.js';

/**
 * Makes the wasm backend (@tensorflow/tfjs-backend-wasm 4.22) able to train convolutional networks,
 * fast. Idempotent; call it once before training on 'wasm' (before or after `tf.setBackend('wasm')`).
 *
 * Missing kernels, added:
 * - `Conv2DBackpropFilter`: one XNNPACK convolution, see {@link conv2DBackpropFilterWasm}.
 * - every other kernel that 'cpu' has and 'wasm' lacks (`DepthwiseConv2dNativeBackpropFilter/Input`,
 *   `UnsortedSegmentSum`, `Einsum`, the `Ragged*` ones) runs the cpu implementation on copies
 *   ({@link cpuFallbackKernel}); complex, string and canvas kernels are left out.
 *
 * Slow kernels, replaced (same results; `node bench/engine/wasm_kernels.mjs`, batch 128, 2-core Xeon,
 * single-threaded wasm):
 * - `Conv2DBackpropInput`: one XNNPACK convolution instead of a naive loop, {@link conv2DBackpropInputWasm}
 *   (313 → 27 ms at x=[128,14,14,32], 3x3, 32→64; the new filter gradient takes 83 ms, the forward 29 ms);
 * - `MaxPoolGrad` (47 → 17 ms), `Tile` (105 → 2 ms, batch-norm gradients), `Sum`/`Mean` over leading
 *   axes (8 → 4 ms), `BatchMatMul`/`_FusedMatMul` with transposed operands (39 → 5 ms, dense-layer
 *   gradients), and `Identity`/same-dtype `Cast` without a copy; `Cast` to bool fixed (was −3 → 253).
 *   Each leaves the cases it does not speed up to the original kernel.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerWasmTrainingKernels } from 'tfjs-backend-libtorch/wasm-training-kernels';
 * registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 * // model.fit(...) now works on wasm (without it: "kernel 'Conv2DBackpropFilter' not registered").
 */
export function registerWasmTrainingKernels(): void {
  replaceKernel(conv2DBackpropFilterWasmConfig);
  replaceKernel(conv2DBackpropInputWasmConfig);
  replaceKernel(maxPoolGradWasmConfig);
  replaceKernel(tileWasmConfig);
  replaceKernel(batchMatMulWasmConfig);
  replaceKernel(fusedMatMulWasmConfig);
  replaceKernel(sumWasmConfig);
  replaceKernel(meanWasmConfig);
  replaceKernel(identityWasmConfig);
  replaceKernel(castWasmConfig);
  for (const name of missingKernels('wasm', 'cpu')) {
    if (!UNBRIDGEABLE_KERNELS.includes(name)) registerKernel(cpuFallbackKernel(name, 'wasm'));
  }
}
