import { Mean, Sum, util, type KernelConfig, type KernelFunc, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callOriginalKernel } from './replacedKernels.js';

/**
 * `Sum` / `Mean` of a float32 tensor over its leading axes (`[0]`, `[0, 1]`, `[0, 1, 2]`, ... — the
 * per-channel reductions of batch norm and of bias gradients), as one streaming pass over the wasm
 * heap with float64 accumulators. tfjs-backend-wasm 4.22 first transposes the reduced axes to the end,
 * a full copy; every other case is left to it.
 *
 * `out[c] = Σ_n x[n, c]` (divided by N for `Mean`), with `x` seen as `[N, C]`, N = product of the
 * reduced axes. Output shape: the kept axes, or with 1s in place of the reduced ones when `keepDims`.
 *
 * @example
 * tf.sum(x, [0, 1, 2]); // x [128, 32, 32, 16] → [16], on wasm through this kernel
 */
function leadingAxesReduction(kernelName: typeof Sum | typeof Mean): KernelFunc {
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    const rank = x.shape.length;
    const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return callOriginalKernel('wasm', kernelName, args);
    const backend = args.backend as BackendWasm;
    const kept = x.shape.slice(axes.length);
    const n = util.sizeFromShape(x.shape.slice(0, axes.length));
    const c = util.sizeFromShape(kept);
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    // Views only after the allocation: makeOutput may grow (and detach) the heap.
    const xs = backend.typedArrayFromHeap(x) as Float32Array;
    const os = backend.typedArrayFromHeap(out) as Float32Array;
    const acc = new Float64Array(c);
    for (let row = 0, off = 0; row < n; row++, off += c) {
      for (let j = 0; j < c; j++) acc[j] = (acc[j] as number) + (xs[off + j] as number);
    }
    const scale = kernelName === Mean ? 1 / n : 1;
    for (let j = 0; j < c; j++) os[j] = (acc[j] as number) * scale;
    return out;
  };
}

/** Kernel config replacing `Sum` on 'wasm' (see {@link leadingAxesReduction}). */
export const sumWasmConfig: KernelConfig = { kernelName: Sum, backendName: 'wasm', kernelFunc: leadingAxesReduction(Sum) };

/** Kernel config replacing `Mean` on 'wasm' (see {@link leadingAxesReduction}). */
export const meanWasmConfig: KernelConfig = { kernelName: Mean, backendName: 'wasm', kernelFunc: leadingAxesReduction(Mean) };
