import { getKernel, registerKernel, unregisterKernel, util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs } from './nativeCall.js';

/**
 * Replaces the kernel `kernelName` of `backendName` by `run`, which gets the kernel's arguments and `original`
 * (the kernel registered before, on the same arguments). Does nothing when no such kernel is registered.
 *
 * @example
 * wrapKernel('libtorch', 'Mean', (args, original) => (isSpecial(args) ? special(args) : original()));
 */
export function wrapKernel(
  backendName: string,
  kernelName: string,
  run: (args: KernelArgs, original: () => TensorInfo | TensorInfo[]) => TensorInfo | TensorInfo[],
): void {
  const config = getKernel(kernelName, backendName);
  if (config === undefined) return;
  unregisterKernel(kernelName, backendName);
  const kernelFunc = (params: unknown): TensorInfo | TensorInfo[] =>
    run(params as KernelArgs, () => config.kernelFunc(params as Parameters<KernelFunc>[0]));
  registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc });
}

/**
 * True when a `Mean`/`Sum` with attribute `axis` reduces `x` (rank ≥ 2) over every axis but the last: the
 * per-channel statistics of NHWC data, as batch norm computes them.
 */
export function reducesAllButLast(x: TensorInfo, axis: unknown): boolean {
  if (axis === undefined || axis === null || x.shape.length < 2) return false;
  const axes = [...util.parseAxisParam(axis as number | number[], x.shape)].sort((p, q) => p - q);
  return axes.length === x.shape.length - 1 && axes.every((a, k) => a === k);
}
