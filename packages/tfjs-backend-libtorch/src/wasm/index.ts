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
export { missingKernels, UNBRIDGEABLE_KERNELS } from './missingWasmKernels.js';
export { convGeometry, filterGradPadding, inputGradPadding, type ConvGeometry, type ConvPad, type AxisPadding } from './convGeometry.js';
