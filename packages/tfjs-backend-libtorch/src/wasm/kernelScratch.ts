import { LibtorchBackendError } from '../LibtorchBackendError.js';
import { getKernel, type KernelBackend, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Runs registered kernels of one backend directly on `TensorInfo`s (no engine, no tape) and remembers
 * every intermediate result so that one `dispose()` frees them all.
 *
 * Used inside kernel functions, where calling `tf` ops would go through the engine again.
 *
 * @example
 * const s = new KernelScratch(backend, 'wasm');
 * try { const t = s.run('Transpose', { x }, { perm: [3, 1, 2, 0] }); ... } finally { s.dispose(); }
 */
export class KernelScratch {
  private readonly owned: TensorInfo[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Runs kernel `name` and keeps its output for `dispose()`; see {@link KernelScratch.keep} to return one. */
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(name, this.backendName);
    if (kernel === undefined) {
      throw new LibtorchBackendError(
        'unknown-name',
        `KernelScratch.run: kernel '${name}' must be registered for backend '${this.backendName}'; got none.`);
    }
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    if (Array.isArray(out)) {
      throw new LibtorchBackendError('invalid-argument', `KernelScratch.run: kernel '${name}' must return one tensor; got ${out.length}.`);
    }
    this.owned.push(out);
    return out;
  }

  /** Hands `info` to the caller: `dispose()` will not free it. */
  keep(info: TensorInfo): TensorInfo {
    const i = this.owned.indexOf(info);
    if (i >= 0) this.owned.splice(i, 1);
    return info;
  }

  /** Frees every intermediate result not handed out with `keep`. */
  dispose(): void {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned.length = 0;
  }
}
