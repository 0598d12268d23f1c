import { registerKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { FUSED_CONV2D_BATCH_NORM, FUSED_CONV2D_BATCH_NORM_GRAD, registerConvBatchNormGradient } from '../ops/convBatchNorm.js';
import { ensureFastPath } from '../fastPath/registerFastPath.js';
import { deferredCall } from './deferredCall.js';
import { callNative, input, type KernelArgs } from './nativeCall.js';

/** Native ints [sh, sw, top, bottom, left, right, training, relu] of the attributes `convBatchNorm` passes. */
function convBnInts(args: KernelArgs): number[] {
  const strides = args.attrs['strides'] as number[];
  const pads = args.attrs['pads'] as number[];
  return [...strides, ...pads, args.attrs['training'] === true ? 1 : 0, args.attrs['activation'] === 'relu' ? 1 : 0];
}

function asKernel(run: (args: KernelArgs) => TensorInfo[]): KernelFunc {
  return ((params: unknown) => run(params as KernelArgs)) as unknown as KernelFunc;
}

/**
 * `FusedConv2DBatchNorm(x, filter, scale, offset, mean?, variance?)`: native `ConvBatchNorm` (native/ops_convbn.cc),
 * `[y, z, mean, variance]`.
 */
function forward(args: KernelArgs): TensorInfo[] {
  // As FusedBatchNorm: a model of fused layers runs no batch norm, so the fast path's gradients (Relu's, Sum's,
  // ...) are installed here if TF.js's were registered after the backend was created (tfjs-layers imported after
  // tf.setBackend('libtorch')), and one registered over them fails loudly here.
  ensureFastPath();
  const names = args.attrs['training'] === true ? ['x', 'filter', 'scale', 'offset'] : ['x', 'filter', 'scale', 'offset', 'mean', 'variance'];
  return callNative(args.backend, 'ConvBatchNorm', names.map((name) => input(args, name)), convBnInts(args), [Number(args.attrs['epsilon'])]);
}

/**
 * `FusedConv2DBatchNormGrad(dy, x, filter, z, y, scale, mean, variance)`: native `ConvBatchNormGrad` gives the
 * filter, scale and offset gradients (and, in inference, the mean's and variance's) with dz; the input gradient
 * is dz's `Conv2DBackpropInput`, deferred: computed when first used, never for a first layer, whose input gradient
 * the engine does not ask for. Returns `[dx, dFilter, dScale, dOffset, (dMean, dVariance)]`.
 */
function backward(args: KernelArgs): TensorInfo[] {
  const { backend } = args;
  const x = input(args, 'x');
  const filter = input(args, 'filter');
  const tensors = ['dy', 'x', 'filter', 'z', 'y', 'scale', 'mean', 'variance'].map((name) => input(args, name));
  const ints = convBnInts(args);
  const outs = callNative(backend, 'ConvBatchNormGrad', tensors, ints, [Number(args.attrs['epsilon'])]);
  const dz = outs.pop() as TensorInfo;
  // Conv2DBackpropInput's ints: [sh, sw, dh, dw, top, bottom, left, right, n, h, w, c].
  const inputInts = [ints[0] ?? 1, ints[1] ?? 1, 1, 1, ...ints.slice(2, 6), ...x.shape];
  const dx = deferredCall(backend, 'Conv2DBackpropInput', [dz, filter], inputInts, x.shape.slice(), 'float32');
  backend.disposeData(dz.dataId);
  return [dx, ...outs];
}

/**
 * Registers the fused convolution–batch-norm kernels of `tfjs-backend-libtorch/ops` (`convBatchNorm`) for
 * `backendName`, and their gradient.
 */
export function registerConvBatchNormKernels(backendName: string): void {
  registerKernel({ kernelName: FUSED_CONV2D_BATCH_NORM, backendName, kernelFunc: asKernel(forward) });
  registerKernel({ kernelName: FUSED_CONV2D_BATCH_NORM_GRAD, backendName, kernelFunc: asKernel(backward) });
  registerConvBatchNormGradient();
}
