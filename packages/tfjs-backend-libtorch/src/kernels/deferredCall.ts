import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import type { LibtorchBackend } from '../LibtorchBackend.js';
import { callNative1 } from './nativeCall.js';

/** A view of `info` (shares its storage, keeps it alive) owned by the caller. */
export function retain(backend: LibtorchBackend, info: TensorInfo): TensorInfo {
  return callNative1(backend, 'Reshape', [info], info.shape);
}

/**
 * Native op `op(inputs, ints)` as a tensor of `shape` and `dtype` that is computed when first used (read, or input
 * of a kernel), and never if it is disposed unused. The inputs are kept alive as views until then; `recipe`
 * describes the pending computation from those views, for kernels that can consume it without computing it.
 *
 * @example
 * // TF.js computes the input gradient of every convolution, also of the first layer, whose input needs none:
 * deferredCall(backend, 'Conv2DBackpropInput', [dy, filter], ints, inputShape, 'float32');
 */
export function deferredCall(
  backend: LibtorchBackend,
  op: string,
  inputs: readonly TensorInfo[],
  ints: readonly number[],
  shape: number[],
  dtype: DataType,
  recipe: (kept: TensorInfo[]) => unknown = () => undefined,
): TensorInfo {
  // views share the inputs' storage: the engine may dispose the inputs before the result is used
  const kept = inputs.map((info) => retain(backend, info));
  return backend.makeDeferred(shape, dtype, {
    recipe: recipe(kept),
    materialize: () => callNative1(backend, op, kept, ints),
    release: () => {
      for (const info of kept) backend.disposeData(info.dataId);
    },
  });
}
