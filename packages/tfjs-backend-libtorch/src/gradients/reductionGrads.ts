import { backend_util, div, engine, registerKernel, reshape, util, type KernelFunc, type Tensor } from '@tensorflow/tfjs-core';
import { callNative1, input, type KernelArgs } from '../kernels/nativeCall.js';
import { overrideGradient } from './overrideGradient.js';

/** Kernel (libtorch only): a broadcast view of `x` to `attrs.shape`, no copy. */
export const EXPAND = 'LibtorchExpand';

function expandKernel(params: unknown): ReturnType<typeof callNative1> {
  const args = params as KernelArgs;
  return callNative1(args.backend, 'Expand', [input(args, 'x')], args.attrs['shape'] as number[]);
}

/**
 * Replaces TF.js's Sum and Mean gradients (`dy * ones(x.shape)` [/ n]: a full-size fill and one or two full
 * passes) by a broadcast view of `dy` [/ n] while the active backend is `libtorch`. Other backends, and
 * non-float32 inputs, keep TF.js's gradient.
 */
export function registerReductionGrads(backendName: string): void {
  registerKernel({ kernelName: EXPAND, backendName, kernelFunc: expandKernel as unknown as KernelFunc });
  for (const kernelName of ['Sum', 'Mean'] as const) {
    overrideGradient(kernelName, backendName, (dy, [x], attrs) => {
      if (x === undefined || x.dtype !== 'float32') return undefined;
      const axes = util.parseAxisParam(attrs['axis'] as number | number[], x.shape);
      const expandedShape = x.shape.slice();
      for (const axis of axes) expandedShape[axis] = 1;
      return {
        x: () => {
          let expandedDy = reshape(dy, expandedShape);
          if (kernelName === 'Mean') {
            const [, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
            expandedDy = div(expandedDy, util.sizeFromShape(reduceShape));
          }
          return engine().runKernel(EXPAND, { x: expandedDy }, { shape: x.shape }) as Tensor;
        },
      };
    });
  }
}
