export { LibtorchBackendError, LIBTORCH_ERROR_CODES, type LibtorchErrorCode } from '../LibtorchBackendError.js';
export { registerWasmTrainingKernels } from './registerWasmTrainingKernels.js';
export {
  conv2DBackpropFilterWasm,
  conv2DBackpropFilterWasmConfig,
  type Conv2DBackpropFilterWasmAttrs,
} from './conv2DBackpropFilter.js';
export {
  conv2DBackpropInputWasm,
  conv2DBackpropInputWasmConfig,
  type Conv2DBackpropInputWasmAttrs,
} from './conv2DBackpropInput.js';
export { cpuFallbackKernel } from './cpuFallbackKernel.js';
export { maxPoolGradWasm, maxPoolGradWasmConfig } from './maxPoolGradWasm.js';
export { tileWasm, tileWasmConfig } from './tileWasm.js';
export { identityWasm, identityWasmConfig, castWasm, castWasmConfig } from './identityWasm.js';
export { batchMatMulWasmConfig, fusedMatMulWasmConfig } from './matMulWasm.js';
export { sumWasmConfig, meanWasmConfig } from './reduceLeadingAxesWasm.js';
export { replaceKernel, callOriginalKernel } from './replacedKernels.js';
export { missingKernels, UNBRIDGEABLE_KERNELS } from './missingWasmKernels.js';
export { convGeometry, filterGradPadding, inputGradPadding, type ConvGeometry, type ConvPad, type AxisPadding } from './convGeometry.js';
