/**
 * Ops with fused kernels on the libtorch backend and a composite of TF.js ops (same numbers) on every other
 * backend. Importing this subpath loads no native code: `import { sgdMomentumUpdate } from 'tfjs-backend-libtorch/ops'`.
 * @packageDocumentation
 */
export { FUSED_SGD_MOMENTUM } from './kernelNames.js';
export { sgdMomentumUpdate, type SgdMomentumUpdateOptions } from './sgdMomentumUpdate.js';
