import {
  engine,
  getBackend,
  getGradient,
  registerGradient,
  registerKernel,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { callNative, input, type KernelArgs } from '../kernels/nativeCall.js';

/** Kernel (libtorch only) computing all five FusedBatchNorm gradients in one native call. */
export const FUSED_BATCH_NORM_GRAD = 'LibtorchFusedBatchNormGrad';

function fusedGradKernel(params: unknown): TensorInfo[] {
  const args = params as KernelArgs;
  const scale = args.inputs['scale'] ?? undefined;
  const tensors = [input(args, 'dy'), input(args, 'x'), input(args, 'mean'), input(args, 'variance'), ...(scale ? [scale] : [])];
  return callNative(args.backend, 'FusedBatchNormGrad', tensors, [scale ? 1 : 0], [Number(args.attrs['varianceEpsilon'] ?? 0.001)]);
}

/** The fused path applies to float32 batch norm over the last axis with [C] statistics (what tfjs-layers does). */
function fusable(x: Tensor | undefined, mean: Tensor | undefined, variance: Tensor | undefined, scale: Tensor | undefined): boolean {
  if (x === undefined || mean === undefined || variance === undefined || x.dtype !== 'float32' || x.rank < 2) return false;
  const channels = x.shape[x.rank - 1];
  const perChannel = (t: Tensor | undefined): boolean => t !== undefined && t.rank === 1 && t.shape[0] === channels && t.dtype === 'float32';
  return perChannel(mean) && perChannel(variance) && (scale === undefined || scale === null || perChannel(scale));
}

/**
 * Replaces TF.js's FusedBatchNorm gradient (a dozen element-wise and reduction passes over x) by one native
 * call while the active backend is `libtorch`; on any other backend, or for shapes the fused kernel does not
 * cover, the original gradient runs unchanged. The gradient registry is global, hence the backend check.
 */
export function registerFusedBatchNormGrad(backendName: string): void {
  registerKernel({ kernelName: FUSED_BATCH_NORM_GRAD, backendName, kernelFunc: fusedGradKernel as unknown as KernelFunc });
  const original = getGradient('FusedBatchNorm');
  if (original === undefined) return;
  registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: original.inputsToSave,
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x, mean, variance, scale] = saved;
      if (getBackend() !== backendName || Array.isArray(dy) || !fusable(x, mean, variance, scale)) return original.gradFunc(dy, saved, attrs);
      const inputs: NamedTensorMap = { dy, x: x as Tensor, mean: mean as Tensor, variance: variance as Tensor };
      if (scale !== undefined && scale !== null) inputs['scale'] = scale;
      const [dx, dMean, dVariance, dScale, dOffset] = engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, attrs) as Tensor[];
      return {
        x: () => dx as Tensor,
        mean: () => dMean as Tensor,
        variance: () => dVariance as Tensor,
        scale: () => dScale as Tensor,
        offset: () => dOffset as Tensor,
      };
    },
  });
}
