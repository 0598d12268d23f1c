import { LibtorchBackendError } from '../LibtorchBackendError.js';
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, filterGradPadding } from './convGeometry.js';
import { KernelScratch } from './kernelScratch.js';
import { cropNegativePadding, explicitPad } from './padOrCrop.js';

/** `Conv2DBackpropFilter` attributes, plus TensorFlow's optional `dilations` (tfjs never sets it; default 1). */
export type Conv2DBackpropFilterWasmAttrs = Conv2DBackpropFilterAttrs & {
  readonly dilations?: number | readonly [number, number];
};

/**
 * The filter gradient of a 2-D convolution on the wasm backend, as one fast XNNPACK convolution.
 *
 * `dw[a, b, c, o] = Σ_{n,i,j} x[n, i·sH + a·dH − pT, j·sW + b·dW − pL, c] · dy[n, i, j, o]`, which is a
 * convolution of `x` transposed to `[C, H, W, B]` (batch ↔ channels) with `dy` transposed to
 * `[oH, oW, B, O]` as the filter, at stride `(dH, dW)` and dilation `(sH, sW)`; its `[C, kH, kW, O]`
 * output is transposed back to `[kH, kW, C, O]`. Same semantics as TensorFlow's `Conv2DBackpropFilter`
 * (NHWC or NCHW, strides, dilations, 'same' with the extra row/column after, 'valid', explicit pads).
 *
 * Inputs: `x` `[B, H, W, C]` (or NCHW), `dy` `[B, oH, oW, O]` (or NCHW). Output: `[kH, kW, C, O]`.
 * Registered by {@link registerWasmTrainingKernels}; tfjs calls it for the filter gradient of `conv2d`.
 *
 * @example
 * registerWasmTrainingKernels(); await tf.setBackend('wasm');
 * const dw = tf.grad((w) => tf.conv2d(x, w, 2, 'same').sum())(w); // runs this kernel
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x?: TensorInfo; dy?: TensorInfo };
  backend: KernelBackend;
  attrs: Conv2DBackpropFilterWasmAttrs;
}): TensorInfo {
  const { x, dy } = args.inputs;
  if (x === undefined || dy === undefined) {
    throw new LibtorchBackendError('invalid-argument', `Conv2DBackpropFilter: 'inputs' must have x and dy; got ${Object.keys(args.inputs).join(', ')}.`);
  }
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs;
  const dilations = args.attrs.dilations ?? 1;
  const g = convGeometry(x.shape as [number, number, number, number], filterShape, strides, dilations, pad, dataFormat, dimRoundingMode);
  const expectedDy = dataFormat === 'NHWC' ? [g.batch, g.outH, g.outW, g.outC] : [g.batch, g.outC, g.outH, g.outW];
  if (dy.shape.join() !== expectedDy.join()) {
    throw new LibtorchBackendError('shape-mismatch', `Conv2DBackpropFilter: 'dy' must have shape [${expectedDy.join(', ')}]; got [${dy.shape.join(', ')}].`);
  }
  const s = new KernelScratch(args.backend, 'wasm');
  try {
    // Batch and channels swap roles: [B, H, W, C] → [C, H, W, B] (from NCHW: [B, C, H, W] → [C, H, W, B]).
    const xT = s.run('Transpose', { x }, { perm: dataFormat === 'NHWC' ? [3, 1, 2, 0] : [1, 2, 3, 0] });
    // The output gradient becomes the filter: [B, oH, oW, O] → [oH, oW, B, O].
    const dyT = s.run('Transpose', { x: dy }, { perm: dataFormat === 'NHWC' ? [1, 2, 0, 3] : [2, 3, 0, 1] });
    const rows = filterGradPadding(g.inH, g.outH, g.kH, g.strideH, g.dilationH, g.padTop);
    const cols = filterGradPadding(g.inW, g.outW, g.kW, g.strideW, g.dilationW, g.padLeft);
    const c = cropNegativePadding(s, xT, rows, cols);
    const convAttrs: NamedAttrMap = {
      strides: [g.dilationH, g.dilationW],
      dilations: [g.strideH, g.strideW],
      pad: explicitPad(c.rows, c.cols),
      dataFormat: 'NHWC',
    };
    const dwT = s.run('Conv2D', { x: c.x, filter: dyT }, convAttrs);
    // [C, kH, kW, O] → [kH, kW, C, O].
    return s.keep(s.run('Transpose', { x: dwT }, { perm: [1, 2, 0, 3] }));
  } finally {
    s.dispose();
  }
}

/** Kernel config registering {@link conv2DBackpropFilterWasm} as `Conv2DBackpropFilter` on 'wasm'. */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelConfig['kernelFunc'],
};
