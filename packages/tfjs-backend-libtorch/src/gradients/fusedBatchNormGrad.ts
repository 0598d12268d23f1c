import { engine, registerKernel, type KernelFunc, type NamedTensorMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { callNative, input, type KernelArgs } from '../kernels/nativeCall.js';
import { isMomentsOf } from './momentsProvenance.js';
import { overrideGradient } from './overrideGradient.js';
import { taggedZeros } from './zeroGradients.js';

/** Kernel (libtorch only) computing all five FusedBatchNorm gradients in one native call. */
export const FUSED_BATCH_NORM_GRAD = 'LibtorchFusedBatchNormGrad';

/** Kernel (libtorch only): the training-mode gradient [dx, dScale, dOffset], dx including the moments' paths. */
export const FUSED_BATCH_NORM_TRAIN_GRAD = 'LibtorchFusedBatchNormTrainGrad';

/** A kernel calling native `op(dy, x, mean, variance, scale?)` with i=[hasScale], f=[varianceEpsilon]. */
function batchNormGradKernel(op: 'FusedBatchNormGrad' | 'FusedBatchNormTrainGrad'): KernelFunc {
  const kernel = (params: unknown): TensorInfo[] => {
    const args = params as KernelArgs;
    const scale = args.inputs['scale'] ?? undefined;
    const tensors = [input(args, 'dy'), input(args, 'x'), input(args, 'mean'), input(args, 'variance'), ...(scale ? [scale] : [])];
    return callNative(args.backend, op, tensors, [scale ? 1 : 0], [Number(args.attrs['varianceEpsilon'] ?? 0.001)]);
  };
  return kernel as unknown as KernelFunc;
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
 * call while the active backend is `backendName`; on any other backend, or for shapes the fused kernel does not
 * cover, the original gradient runs unchanged. When the forward tape shows that mean and variance are
 * `tf.moments` of x over all but the last axis (batch norm in training, as tfjs-layers does it), the gradient is
 * ATen's training-mode backward (dx through the moments too, two passes) and mean/variance get tagged zeros.
 * The gradient registry is global, hence the backend check.
 */
export function registerFusedBatchNormGrad(backendName: string): void {
  registerKernel({ kernelName: FUSED_BATCH_NORM_GRAD, backendName, kernelFunc: batchNormGradKernel('FusedBatchNormGrad') });
  registerKernel({ kernelName: FUSED_BATCH_NORM_TRAIN_GRAD, backendName, kernelFunc: batchNormGradKernel('FusedBatchNormTrainGrad') });
  overrideGradient('FusedBatchNorm', backendName, (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved;
    if (!fusable(x, mean, variance, scale)) return undefined;
    const inputs: NamedTensorMap = { dy, x: x as Tensor, mean: mean as Tensor, variance: variance as Tensor };
    if (scale !== undefined && scale !== null) inputs['scale'] = scale;
    if (isMomentsOf(x as Tensor, mean as Tensor, variance as Tensor)) {
      // Batch norm in training: dx takes the paths through the moments too, and the moments' own gradient
      // chain gets zeros it skips (registerZeroGradients).
      const [dx, dScale, dOffset] = engine().runKernel(FUSED_BATCH_NORM_TRAIN_GRAD, inputs, attrs) as Tensor[];
      return {
        x: () => dx as Tensor,
        mean: () => taggedZeros((mean as Tensor).shape),
        variance: () => taggedZeros((variance as Tensor).shape),
        scale: () => dScale as Tensor,
        offset: () => dOffset as Tensor,
      };
    }
    const [dx, dMean, dVariance, dScale, dOffset] = engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, attrs) as Tensor[];
    return {
      x: () => dx as Tensor,
      mean: () => dMean as Tensor,
      variance: () => dVariance as Tensor,
      scale: () => dScale as Tensor,
      offset: () => dOffset as Tensor,
    };
  });
}
