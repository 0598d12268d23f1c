import { LibtorchBackendError } from '../LibtorchBackendError.js';
import {
  findBackend,
  getKernel,
  type DataType,
  type KernelBackend,
  type KernelConfig,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * Makes a kernel config that runs the 'cpu' implementation of `kernelName` for another backend
 * (default 'wasm'): inputs are copied to the cpu backend, the cpu kernel runs, outputs are copied back.
 *
 * Use it for kernels the target backend lacks (e.g. `DepthwiseConv2dNativeBackpropFilter` on wasm):
 * correct, never fast. The cpu backend must be registered (import '@tensorflow/tfjs-backend-cpu').
 *
 * @example
 * tf.registerKernel(cpuFallbackKernel('UnsortedSegmentSum'));
 */
export function cpuFallbackKernel(kernelName: string, backendName = 'wasm'): KernelConfig {
  return {
    kernelName,
    backendName,
    kernelFunc: ({ inputs, attrs, backend: target }) => {
      const backend = target as KernelBackend;
      const cpuKernel = getKernel(kernelName, 'cpu');
      const cpu = findBackend('cpu');
      if (cpuKernel === undefined || cpu === null) {
        throw new LibtorchBackendError('not-found', `cpuFallbackKernel: 'cpu' backend must be registered with kernel '${kernelName}'; got none.`);
      }
      const cpuInputs: NamedTensorInfoMap = {};
      for (const [name, info] of Object.entries(inputs)) {
        if (info !== undefined) cpuInputs[name] = copyInfo(info, backend, cpu);
      }
      try {
        const out = cpuKernel.kernelFunc({ inputs: cpuInputs, attrs, backend: cpu });
        const outs = Array.isArray(out) ? out : [out];
        const copied = outs.map((o) => copyInfo(o, cpu, backend));
        for (const o of outs) cpu.disposeData(o.dataId);
        return Array.isArray(out) ? copied : (copied[0] as TensorInfo);
      } finally {
        for (const info of Object.values(cpuInputs)) if (info !== undefined) cpu.disposeData(info.dataId);
      }
    },
  };
}

/** Copies one tensor's values from one backend to a new tensor of another. */
function copyInfo(info: TensorInfo, from: KernelBackend, to: KernelBackend): TensorInfo {
  const values = from.readSync(info.dataId) as Parameters<KernelBackend['write']>[0];
  const dataId = to.write(values, info.shape, info.dtype as DataType);
  return { dataId, shape: info.shape.slice(), dtype: info.dtype };
}
