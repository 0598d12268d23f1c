import { LibtorchBackendError } from '../LibtorchBackendError.js';
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

/** The kernels that {@link replaceKernel} replaced, by `backend/kernelName`. */
const originals = new Map<string, KernelConfig>();
/** The kernel functions registered by {@link replaceKernel} (to make it idempotent). */
const ours = new WeakSet<KernelFunc>();

/**
 * Registers `config`, replacing (and remembering) the kernel of the same name and backend. Idempotent:
 * a no-op when one of our replacements is already registered. The original's `setupFunc` is kept.
 *
 * @example
 * replaceKernel(tileWasmConfig); // Tile on 'wasm' is now tileWasm; callOriginalKernel('wasm', 'Tile', args) runs the old one
 */
export function replaceKernel(config: KernelConfig): void {
  const current = getKernel(config.kernelName, config.backendName);
  if (current !== undefined && ours.has(current.kernelFunc)) return;
  if (current !== undefined) {
    originals.set(`${config.backendName}/${config.kernelName}`, current);
    unregisterKernel(config.kernelName, config.backendName);
  }
  ours.add(config.kernelFunc);
  // Keep the original's setup (e.g. cwrap of its wasm function), which a delegating replacement needs.
  const setupFunc = config.setupFunc ?? current?.setupFunc;
  registerKernel(setupFunc === undefined ? config : { ...config, setupFunc });
}

/**
 * Runs the kernel that {@link replaceKernel} replaced, for the cases a replacement leaves to it.
 *
 * @throws LibtorchBackendError('not-found') when no kernel was replaced under that name.
 */
export function callOriginalKernel(backendName: string, kernelName: string, args: Parameters<KernelFunc>[0]): TensorInfo | TensorInfo[] {
  const original = originals.get(`${backendName}/${kernelName}`);
  if (original === undefined) {
    throw new LibtorchBackendError('not-found', `callOriginalKernel: '${kernelName}' must have been replaced on '${backendName}'; got no original kernel.`);
  }
  return original.kernelFunc(args);
}
