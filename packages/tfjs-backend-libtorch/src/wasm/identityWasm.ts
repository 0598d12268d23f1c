import { LibtorchBackendError } from '../LibtorchBackendError.js';
import { Cast, getKernel, Identity, NotEqual, type CastAttrs, type KernelConfig, type KernelFunc, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callOriginalKernel } from './replacedKernels.js';

/**
 * `Identity` on the wasm backend without a copy: the output shares the input's data and takes a
 * reference (as `Reshape` does, and as the cpu backend's `Identity` does). tfjs tensors are
 * immutable, so sharing is safe. tfjs-backend-wasm 4.22 copies instead, and training calls Identity
 * hundreds of times per step (every same-dtype `cast`, e.g. in each ReLU gradient).
 *
 * @example
 * const y = tf.clone(x); // on wasm: y shares x's memory; disposing x leaves y valid
 */
export function identityWasm(args: { inputs: { x?: TensorInfo }; backend: BackendWasm }): TensorInfo {
  const x = args.inputs.x as TensorInfo;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}

/** Kernel config registering {@link identityWasm} as `Identity` on 'wasm'. */
export const identityWasmConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as KernelConfig['kernelFunc'],
};

/**
 * `Cast` on the wasm backend: a cast to the same dtype is {@link identityWasm} (no copy; tfjs-backend-wasm
 * copies); a cast to bool is `x ≠ 0` (tfjs-backend-wasm 4.22 truncates to a byte: −3 → 253); every
 * other conversion is left to the original kernel.
 */
export function castWasm(args: { inputs: { x?: TensorInfo }; backend: BackendWasm; attrs: CastAttrs }): TensorInfo {
  const x = args.inputs.x as TensorInfo;
  if (args.attrs.dtype === x.dtype) return identityWasm(args);
  if (args.attrs.dtype === 'bool') {
    const zero = args.backend.makeOutput([], x.dtype, undefined, x.dtype === 'int32' ? new Int32Array(1) : new Float32Array(1));
    try {
      return runKernelOn(args.backend, NotEqual, { a: x, b: zero });
    } finally {
      args.backend.disposeData(zero.dataId);
    }
  }
  return callOriginalKernel('wasm', Cast, args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

/** Runs a registered wasm kernel directly. */
function runKernelOn(backend: BackendWasm, name: string, inputs: NamedTensorInfoMap): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) throw new LibtorchBackendError('unknown-name', `castWasm: kernel '${name}' must be registered for 'wasm'; got none.`);
  return kernel.kernelFunc({ inputs, attrs: {}, backend }) as TensorInfo;
}

/** Kernel config registering {@link castWasm} as `Cast` on 'wasm'. */
export const castWasmConfig: KernelConfig = {
  kernelName: Cast,
  backendName: 'wasm',
  kernelFunc: castWasm as unknown as KernelConfig['kernelFunc'],
};
