import { engine, getKernel, type DataId, type KernelBackend, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs } from './nativeCall.js';

const used = new Set<string>();

/** Names of kernels that actually ran through the cpu fallback in this process, sorted. */
export function usedFallbackNames(): string[] {
  return [...used].sort();
}

/**
 * Runs the `cpu` backend's kernel `name` on copies of the inputs and copies the outputs back into libtorch.
 *
 * Generic: works for any kernel the cpu backend has (inputs as a named map or an array, one or many outputs,
 * any dtype including string). The cpu-side copies are freed before returning.
 */
export function runOnCpu(name: string, args: KernelArgs): TensorInfo | TensorInfo[] {
  const config = getKernel(name, 'cpu');
  if (config === undefined) throw new Error(`libtorch backend: kernel '${name}' is neither native nor in the cpu backend`);
  const cpu = engine().findBackend('cpu') as KernelBackend | null;
  if (cpu === null) throw new Error(`libtorch backend: the cpu backend is needed for kernel '${name}' but is not available`);
  used.add(name);
  const { backend } = args;
  const toFree = new Set<DataId>();
  const copied = new Map<DataId, DataId>();
  const copy = (info: TensorInfo): TensorInfo => {
    let cpuId = copied.get(info.dataId);
    if (cpuId === undefined) {
      cpuId = cpu.write(backend.readSync(info.dataId), info.shape, info.dtype);
      copied.set(info.dataId, cpuId);
      toFree.add(cpuId);
    }
    return { dataId: cpuId, shape: info.shape, dtype: info.dtype };
  };
  const inputs: NamedTensorInfoMap | TensorInfo[] = Array.isArray(args.inputs) ? [] : {};
  for (const [key, info] of Object.entries(args.inputs)) {
    if (info !== undefined && info !== null) (inputs as Record<string, TensorInfo>)[key] = copy(info);
  }
  try {
    const result = config.kernelFunc({ inputs: inputs as NamedTensorInfoMap, backend: cpu, attrs: args.attrs });
    const outs = Array.isArray(result) ? result : [result];
    const converted = outs.map((out) => {
      toFree.add(out.dataId);
      return backend.makeInfo(cpu.readSync(out.dataId), out.shape, out.dtype);
    });
    return Array.isArray(result) ? converted : (converted[0] as TensorInfo);
  } finally {
    for (const dataId of toFree) cpu.disposeData(dataId, true);
  }
}
