import '@tensorflow/tfjs-backend-cpu';
import { getKernelsForBackend, registerKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { runOnCpu } from './kernels/cpuFallback.js';
import { allNative, type KernelArgs } from './kernels/nativeCall.js';
import { nativeKernels } from './kernels/nativeKernels.js';

/** The TF.js backend name: `tf.setBackend('libtorch')`. */
export const BACKEND_NAME = 'libtorch';

/**
 * Registers the native kernels for backend `libtorch`, then a cpu bridge for every kernel the `cpu` backend has
 * and libtorch does not. A native kernel given an input dtype libtorch cannot hold (string, complex64), or an
 * attribute it does not support (NCHW, GatherV2 batchDims, ...), runs its cpu twin instead.
 */
export function registerKernels(): void {
  const native = new Set<string>();
  for (const spec of nativeKernels) {
    native.add(spec.name);
    const kernelFunc = ((params: unknown): TensorInfo | TensorInfo[] => {
      const args = params as KernelArgs;
      const fallback = (): TensorInfo | TensorInfo[] => runOnCpu(spec.name, args);
      return allNative(args) ? spec.run(args, fallback) : fallback();
    }) as KernelFunc;
    registerKernel({ kernelName: spec.name, backendName: BACKEND_NAME, kernelFunc });
  }
  for (const config of getKernelsForBackend('cpu')) {
    if (native.has(config.kernelName)) continue;
    const name = config.kernelName;
    const kernelFunc = ((params: unknown) => runOnCpu(name, params as KernelArgs)) as KernelFunc;
    registerKernel({ kernelName: name, backendName: BACKEND_NAME, kernelFunc });
  }
}
