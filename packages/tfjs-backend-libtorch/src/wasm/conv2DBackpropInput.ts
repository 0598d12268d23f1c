import { LibtorchBackendError } from '../LibtorchBackendError.js';
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, inputGradPadding } from './convGeometry.js';
import { KernelScratch } from './kernelScratch.js';
import { cropNegativePadding, explicitPad } from './padOrCrop.js';

/** `Conv2DBackpropInput` attributes, plus TensorFlow's optional `dilations` (tfjs never sets it; default 1). */
export type Conv2DBackpropInputWasmAttrs = Conv2DBackpropInputAttrs & {
  readonly dilations?: number | readonly [number, number];
};

/**
 * The input gradient of a 2-D convolution on the wasm backend, as one fast XNNPACK convolution.
 *
 * `dx[n, h, w, c] = Σ dy[n, i, j, o] · w[a, b, c, o]` over `i·sH + a·dH − pT = h`, `j·sW + b·dW − pL = w`:
 * the output gradient with `s − 1` zeros inserted after each row/column, padded by `(k−1)·d − p` before,
 * convolved at stride 1 and dilation `(dH, dW)` with the filter flipped in space and transposed to
 * `[kH, kW, O, C]`. Same semantics as TensorFlow's `Conv2DBackpropInput` (NHWC or NCHW, strides,
 * dilations, 'same' / 'valid' / explicit pads). Replaces the wasm backend's naive loop.
 *
 * Inputs: `dy` `[B, oH, oW, O]` (or NCHW), `filter` `[kH, kW, C, O]`. Output: `inputShape`.
 * Registered by {@link registerWasmTrainingKernels}; tfjs calls it for the input gradient of `conv2d`
 * and for `conv2dTranspose`.
 *
 * @example
 * registerWasmTrainingKernels(); await tf.setBackend('wasm');
 * const dx = tf.grad((x) => tf.conv2d(x, w, 2, 'same').sum())(x); // runs this kernel
 */
export function conv2DBackpropInputWasm(args: {
  inputs: { dy?: TensorInfo; filter?: TensorInfo };
  backend: KernelBackend;
  attrs: Conv2DBackpropInputWasmAttrs;
}): TensorInfo {
  const { dy, filter } = args.inputs;
  if (dy === undefined || filter === undefined) {
    throw new LibtorchBackendError('invalid-argument', `Conv2DBackpropInput: 'inputs' must have dy and filter; got ${Object.keys(args.inputs).join(', ')}.`);
  }
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs;
  const dilations = args.attrs.dilations ?? 1;
  const g = convGeometry(inputShape, filter.shape as [number, number, number, number], strides, dilations, pad, dataFormat, dimRoundingMode);
  const expectedDy = dataFormat === 'NHWC' ? [g.batch, g.outH, g.outW, g.outC] : [g.batch, g.outC, g.outH, g.outW];
  if (dy.shape.join() !== expectedDy.join()) {
    throw new LibtorchBackendError('shape-mismatch', `Conv2DBackpropInput: 'dy' must have shape [${expectedDy.join(', ')}]; got [${dy.shape.join(', ')}].`);
  }
  const s = new KernelScratch(args.backend, 'wasm');
  try {
    const dyNhwc = dataFormat === 'NHWC' ? dy : s.run('Transpose', { x: dy }, { perm: [0, 2, 3, 1] });
    const dyDilated = insertStrideZeros(s, dyNhwc, g.strideH, g.strideW);
    const rows = inputGradPadding(g.inH, g.outH, g.kH, g.strideH, g.dilationH, g.padTop);
    const cols = inputGradPadding(g.inW, g.outW, g.kW, g.strideW, g.dilationW, g.padLeft);
    const c = cropNegativePadding(s, dyDilated, rows, cols);
    // Flip in space and swap in/out channels: w[a, b, c, o] → w[kH−1−a, kW−1−b, o, c].
    const flipped = s.run('Reverse', { x: filter }, { dims: [0, 1] });
    const filterT = s.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    const convAttrs: NamedAttrMap = {
      strides: [1, 1],
      dilations: [g.dilationH, g.dilationW],
      pad: explicitPad(c.rows, c.cols),
      dataFormat: 'NHWC',
    };
    const dx = s.run('Conv2D', { x: c.x, filter: filterT }, convAttrs);
    if (dataFormat === 'NHWC') return s.keep(dx);
    return s.keep(s.run('Transpose', { x: dx }, { perm: [0, 3, 1, 2] }));
  } finally {
    s.dispose();
  }
}

/**
 * `[B, H, W, C]` → `[B, H·sH, W·sW, C]` with each element followed by `sH − 1` zero rows and `sW − 1`
 * zero columns (a reshape to `[B, H, 1, W, 1, C]`, a pad after the unit axes, a reshape back).
 */
function insertStrideZeros(s: KernelScratch, x: TensorInfo, strideH: number, strideW: number): TensorInfo {
  if (strideH === 1 && strideW === 1) return x;
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const x6 = s.run('Reshape', { x }, { shape: [b, h, 1, w, 1, c] });
  const paddings = [[0, 0], [0, 0], [0, strideH - 1], [0, 0], [0, strideW - 1], [0, 0]];
  const padded = s.run('PadV2', { x: x6 }, { paddings, constantValue: 0 });
  return s.run('Reshape', { x: padded }, { shape: [b, h * strideH, w * strideW, c] });
}

/** Kernel config registering {@link conv2DBackpropInputWasm} as `Conv2DBackpropInput` on 'wasm'. */
export const conv2DBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm as unknown as KernelConfig['kernelFunc'],
};
