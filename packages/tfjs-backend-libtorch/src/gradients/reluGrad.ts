import {
  engine,
  getBackend,
  getGradient,
  registerGradient,
  registerKernel,
  type KernelFunc,
  type NamedAttrMap,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { callNative1, input, type KernelArgs } from '../kernels/nativeCall.js';

/** Kernel (libtorch only): Relu's gradient `dy * step(x)` in one native pass. */
export const RELU_GRAD = 'LibtorchReluGrad';

function reluGradKernel(params: unknown): ReturnType<typeof callNative1> {
  const args = params as KernelArgs;
  return callNative1(args.backend, 'ReluGrad', [input(args, 'dy'), input(args, 'x')]);
}

/**
 * Replaces TF.js's Relu gradient, `mul(dy, cast(step(x), 'float32'))` (a Step pass, a Multiply pass and an
 * intermediate tensor), by one native pass computing the same products while the active backend is `libtorch`.
 * Other backends, non-float32 tensors and mismatched shapes keep TF.js's gradient.
 * @example registerReluGrad('libtorch'); // then tf.grad(x => tf.relu(x).sum()) uses LibtorchReluGrad on libtorch
 */
export function registerReluGrad(backendName: string): void {
  registerKernel({ kernelName: RELU_GRAD, backendName, kernelFunc: reluGradKernel as unknown as KernelFunc });
  const original = getGradient('Relu');
  if (original === undefined) return;
  registerGradient({
    kernelName: 'Relu',
    inputsToSave: original.inputsToSave,
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x] = saved;
      const fusable =
        getBackend() === backendName &&
        !Array.isArray(dy) &&
        x !== undefined &&
        x.dtype === 'float32' &&
        dy.dtype === 'float32' &&
        x.shape.length === dy.shape.length &&
        x.shape.every((d, k) => d === dy.shape[k]);
      if (!fusable || Array.isArray(dy) || x === undefined) return original.gradFunc(dy, saved, attrs);
      return { x: () => engine().runKernel(RELU_GRAD, { dy, x }) as Tensor };
    },
  });
}
