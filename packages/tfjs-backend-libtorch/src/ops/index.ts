/**
 * Ops with fused kernels on the libtorch backend and a composite of TF.js ops (same numbers) on every other
 * backend. Importing this subpath loads no native code: `import { convBatchNorm, sgdMomentumUpdate } from 'tfjs-backend-libtorch/ops'`.
 * @packageDocumentation
 */
export { FUSED_SGD_MOMENTUM } from './kernelNames.js';
export { sgdMomentumUpdate, type SgdMomentumUpdateOptions } from './sgdMomentumUpdate.js';
export {
  CONV_BATCH_NORM_ACTIVATIONS,
  FUSED_CONV2D_BATCH_NORM,
  FUSED_CONV2D_BATCH_NORM_GRAD,
  convBatchNorm,
  hasFusedConvBatchNorm,
  registerConvBatchNormGradient,
  type ConvBatchNormActivation,
  type ConvBatchNormOptions,
  type ConvBatchNormResult,
} from './convBatchNorm.js';
