import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerKernel } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterWasmConfig } from './conv2DBackpropFilter.js';
import { conv2DBackpropInputWasmConfig } from './conv2DBackpropInput.js';
import { cpuFallbackKernel } from './cpuFallbackKernel.js';
import { missingKernels, UNBRIDGEABLE_KERNELS } from './missingWasmKernels.js';
import { batchMatMulWasmConfig, fusedMatMulWasmConfig } from './matMulWasm.js';
import { maxPoolGradWasmConfig } from './maxPoolGradWasm.js';
import { meanWasmConfig, sumWasmConfig } from './reduceLeadingAxesWasm.js';
import { replaceKernel } from './replacedKernels.js';
import { tileWasmConfig } from './tileWasm.js';

/**
 * Makes the wasm backend (@tensorflow/tfjs-backend-wasm 4.22) able to train convolutional networks,
 * fast. Idempotent; call it once before training on 'wasm' (before or after `tf.setBackend('wasm')`).
 *
 * - `Conv2DBackpropFilter` (missing in tfjs-backend-wasm): one XNNPACK convolution, see
 *   {@link conv2DBackpropFilterWasm}.
 * - `Conv2DBackpropInput` (a naive loop in tfjs-backend-wasm): replaced by one XNNPACK convolution,
 *   see {@link conv2DBackpropInputWasm}.
 * - Every other kernel that 'cpu' has and 'wasm' lacks (`DepthwiseConv2dNativeBackpropFilter/Input`,
 *   `UnsortedSegmentSum`, `Einsum`, the `Ragged*` ones) runs the cpu implementation on copies
 *   ({@link cpuFallbackKernel}); complex, string and canvas kernels are left out.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerWasmTrainingKernels } from 'tfjs-backend-libtorch/wasm-training-kernels';
 * registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 * // model.fit(...) now works on wasm, with conv gradients ~10× faster than the built-in ones.
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
  for (const name of missingKernels('wasm', 'cpu')) {
    if (!UNBRIDGEABLE_KERNELS.includes(name)) registerKernel(cpuFallbackKernel(name, 'wasm'));
  }
}
