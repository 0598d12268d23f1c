import { engine, registerKernel, util, type KernelFunc, type Tensor } from '@tensorflow/tfjs-core';
import { callNative1, input, type KernelArgs } from '../kernels/nativeCall.js';
import { overrideGradient } from './overrideGradient.js';

/** A unary kernel whose TF.js gradient `f(dy, x)` has a one-pass native twin `nativeOp(dy, x)`. */
interface UnaryGrad {
  /** The forward kernel whose gradient is replaced. */
  readonly kernelName: string;
  /** The internal kernel (libtorch only) that computes the gradient. */
  readonly gradKernelName: string;
  /** The native op (`native/ops_*.cc`) behind it. */
  readonly nativeOp: string;
}

/**
 * The replaced gradients:
 * - Relu: TF.js computes `mul(dy, cast(step(x), 'float32'))` (a Step pass, a Multiply pass, an intermediate
 *   tensor); `LibtorchReluGrad` gives the same products in one pass, keeping dy's memory layout.
 * - Softplus: TF.js computes `mul(dy, sigmoid(x))`; `LibtorchSoftplusGrad` computes `dy / (1 + exp(-x))` in one
 *   vectorised pass.
 * - Square: TF.js computes `mul(dy, mul(cast(x, 'float32'), 2))` (two passes; batch-norm moments in training
 *   differentiate it once per layer); `LibtorchSquareGrad` computes the same products in one pass.
 */
export const UNARY_GRADS: readonly UnaryGrad[] = [
  { kernelName: 'Relu', gradKernelName: 'LibtorchReluGrad', nativeOp: 'ReluGrad' },
  { kernelName: 'Softplus', gradKernelName: 'LibtorchSoftplusGrad', nativeOp: 'SoftplusGrad' },
  { kernelName: 'Square', gradKernelName: 'LibtorchSquareGrad', nativeOp: 'SquareGrad' },
];

/**
 * Replaces the gradients listed in `UNARY_GRADS` by their native one-pass kernels while the active backend is
 * `backendName`. Other backends, non-float32 tensors and mismatched shapes keep TF.js's gradient (the gradient
 * registry is global, hence the backend check at each call).
 * @example registerUnaryGrads('libtorch'); // tf.grad(x => tf.relu(x).sum()) then runs LibtorchReluGrad on libtorch
 */
export function registerUnaryGrads(backendName: string): void {
  for (const { kernelName, gradKernelName, nativeOp } of UNARY_GRADS) {
    const kernelFunc = (params: unknown): ReturnType<typeof callNative1> => {
      const args = params as KernelArgs;
      return callNative1(args.backend, nativeOp, [input(args, 'dy'), input(args, 'x')]);
    };
    registerKernel({ kernelName: gradKernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc });
    overrideGradient(kernelName, backendName, (dy, [x]) =>
      x !== undefined && x.dtype === 'float32' && util.arraysEqual(x.shape, dy.shape) ? { x: () => engine().runKernel(gradKernelName, { dy, x }) as Tensor } : undefined,
    );
  }
}
