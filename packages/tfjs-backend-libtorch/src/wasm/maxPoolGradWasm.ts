import { backend_util, MaxPoolGrad, type KernelConfig, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * `MaxPoolGrad` on the wasm backend: one pass over the pooling windows in the wasm heap, channels
 * innermost, instead of tfjs-backend-wasm's per-input-pixel search (~10× slower at [128, 28, 28, 32]).
 *
 * Same semantics as the cpu backend (and TensorFlow): each `dy[b, i, j, c]` goes to the first maximum
 * of its window in row-major window order (strict `>`), padding never wins; windows that overlap add up.
 *
 * Inputs: `dy` `[B, oH, oW, C]`, `input` `[B, H, W, C]` (the pooled tensor). Output: `[B, H, W, C]`.
 *
 * @example
 * // x = [[1, 5], [5, 0]] as [1, 2, 2, 1]: the gradient goes to the first 5 only.
 * tf.grad((t) => tf.maxPool(t, 2, 2, 'valid').sum())(x).print(); // [[0, 1], [0, 0]]
 */
export function maxPoolGradWasm(args: { inputs: { dy?: TensorInfo; input?: TensorInfo }; backend: BackendWasm; attrs: MaxPoolGradAttrs }): TensorInfo {
  const { backend, attrs } = args;
  const dy = args.inputs.dy as TensorInfo;
  const input = args.inputs.input as TensorInfo;
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const out = backend.makeOutput(input.shape, 'float32');
  // Views only after the allocation: makeOutput may grow (and detach) the heap.
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: oH, outWidth: oW } = info;
  const { strideHeight: sH, strideWidth: sW, dilationHeight: dH, dilationWidth: dW } = info;
  const { effectiveFilterHeight: eH, effectiveFilterWidth: eW } = info;
  const best = new Float32Array(C);
  const bestAt = new Int32Array(C);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < oH; i++) {
      const r0 = i * sH - info.padInfo.top;
      let rMin = r0;
      while (rMin < 0) rMin += dH;
      const rMax = Math.min(H, r0 + eH);
      for (let j = 0; j < oW; j++) {
        const c0 = j * sW - info.padInfo.left;
        let cMin = c0;
        while (cMin < 0) cMin += dW;
        const cMax = Math.min(W, c0 + eW);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let r = rMin; r < rMax; r += dH) {
          for (let col = cMin; col < cMax; col += dW) {
            const base = ((b * H + r) * W + col) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c] as number;
              if (v > (best[c] as number)) {
                best[c] = v;
                bestAt[c] = base + c;
              }
            }
          }
        }
        const gBase = ((b * oH + i) * oW + j) * C;
        for (let c = 0; c < C; c++) {
          const at = bestAt[c] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (g[gBase + c] as number);
        }
      }
    }
  }
  return out;
}

/** Kernel config registering {@link maxPoolGradWasm} as `MaxPoolGrad` on 'wasm'. */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as KernelConfig['kernelFunc'],
};
