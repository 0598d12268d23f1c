import { BatchMatMul, _FusedMatMul, type KernelBackend, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { KernelScratch } from './kernelScratch.js';
import { callOriginalKernel } from './replacedKernels.js';

/**
 * Wraps the wasm `BatchMatMul` / `_FusedMatMul` kernel so that transposed operands are transposed
 * first (a cheap copy) and the XNNPACK path without transposes does the product: tfjs-backend-wasm
 * 4.22 takes a ~10× slower path for `transposeA` / `transposeB`, which every dense-layer gradient uses
 * (`dW = xᵀ·dy`, `dx = dy·Wᵀ`). Same result up to float32 rounding.
 *
 * @example
 * tf.matMul(a, b, true, false); // on wasm: transpose(a) then the plain XNNPACK product
 */
function untransposedMatMul(kernelName: string): KernelFunc {
  return (args) => {
    const attrs = args.attrs as NamedAttrMap & { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return callOriginalKernel('wasm', kernelName, args);
    const s = new KernelScratch(args.backend as KernelBackend, 'wasm');
    try {
      const inputs = { ...args.inputs };
      const swapLast = (t: TensorInfo): TensorInfo => {
        const perm = t.shape.map((_, i) => i);
        const n = perm.length;
        [perm[n - 2], perm[n - 1]] = [perm[n - 1] as number, perm[n - 2] as number];
        return s.run('Transpose', { x: t }, { perm });
      };
      if (attrs.transposeA) inputs['a'] = swapLast(inputs['a'] as TensorInfo);
      if (attrs.transposeB) inputs['b'] = swapLast(inputs['b'] as TensorInfo);
      const out = callOriginalKernel('wasm', kernelName, { ...args, inputs, attrs: { ...attrs, transposeA: false, transposeB: false } });
      return out;
    } finally {
      s.dispose();
    }
  };
}

/** Kernel config replacing `BatchMatMul` on 'wasm' (see {@link untransposedMatMul}). */
export const batchMatMulWasmConfig: KernelConfig = { kernelName: BatchMatMul, backendName: 'wasm', kernelFunc: untransposedMatMul(BatchMatMul) };

/** Kernel config replacing `_FusedMatMul` on 'wasm' (see {@link untransposedMatMul}). */
export const fusedMatMulWasmConfig: KernelConfig = { kernelName: _FusedMatMul, backendName: 'wasm', kernelFunc: untransposedMatMul(_FusedMatMul) };
