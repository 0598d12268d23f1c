import { backend_util } from '@tensorflow/tfjs-core';

/** Padding of a tfjs convolution: `'same'`, `'valid'`, a number, or explicit per-dimension pairs. */
export type ConvPad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

/**
 * The geometry of a forward NHWC convolution `y = conv2d(x, w)`, in plain numbers.
 *
 * Row `i` of `y` reads input rows `i·strideH + k·dilationH − padTop` for `k = 0..kH-1`
 * (out-of-range rows read zeros); columns likewise.
 */
export interface ConvGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly inC: number;
  readonly outH: number;
  readonly outW: number;
  readonly outC: number;
  readonly kH: number;
  readonly kW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/**
 * Computes the forward geometry with TensorFlow's rules (tfjs `computeConv2DInfo`): `'same'` pads
 * `floor(total/2)` before and the rest after (asymmetric when the total is odd), `'valid'` pads nothing,
 * a number pads that many on every side, explicit pads are taken as given.
 *
 * @param xShape - input shape, `[B, H, W, C]` (NHWC) or `[B, C, H, W]` (NCHW).
 * @param filterShape - `[kH, kW, C, O]`.
 * @example
 * convGeometry([1, 5, 5, 1], [2, 2, 1, 1], 1, 1, 'same', 'NHWC').padTop; // 0 (the extra row goes after)
 */
export function convGeometry(
  xShape: readonly [number, number, number, number],
  filterShape: readonly [number, number, number, number],
  strides: number | readonly [number, number],
  dilations: number | readonly [number, number],
  pad: ConvPad,
  dataFormat: 'NHWC' | 'NCHW',
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  const info = backend_util.computeConv2DInfo(
    [...xShape],
    [...filterShape],
    typeof strides === 'number' ? strides : [strides[0], strides[1]],
    typeof dilations === 'number' ? dilations : [dilations[0], dilations[1]],
    pad,
    dimRoundingMode,
    false,
    dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst',
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Padding before and after one spatial axis; a negative amount means "crop that many". */
export interface AxisPadding {
  readonly before: number;
  readonly after: number;
}

/**
 * Padding of the transposed input for the filter gradient, along one axis.
 *
 * `dw[k] = Σ_i x[i·s + k·d − p]·dy[i]` is a convolution over the input with the output gradient as
 * filter, stride `d` and dilation `s`. Its output must have exactly `k` rows, so the padded input must
 * span `(k−1)·d + (n−1)·s + 1` rows: `before = p`, `after` = what remains (negative when a 'valid'
 * convolution never read the last rows).
 *
 * @example
 * filterGradPadding(14, 14, 3, 1, 1, 1); // { before: 1, after: 1 }
 */
export function filterGradPadding(
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  padBefore: number,
): AxisPadding {
  const span = (kernel - 1) * dilation + (outSize - 1) * stride + 1;
  return { before: padBefore, after: span - inSize - padBefore };
}

/**
 * Padding of the stride-dilated output gradient for the input gradient, along one axis.
 *
 * The output gradient, with `s − 1` zeros after each element (length `n·s`), convolved at stride 1 and
 * dilation `d` with the flipped filter gives the input gradient when padded by `(k−1)·d − p` before and
 * up to a total length of `inSize + (k−1)·d`.
 *
 * @example
 * inputGradPadding(14, 14, 3, 1, 1, 1); // { before: 1, after: 1 }
 */
export function inputGradPadding(
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  padBefore: number,
): AxisPadding {
  const before = (kernel - 1) * dilation - padBefore;
  return { before, after: inSize + (kernel - 1) * dilation - before - outSize * stride };
}
