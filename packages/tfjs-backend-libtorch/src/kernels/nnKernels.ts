import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { ensureFastPath } from '../fastPath/registerFastPath.js';
import { activationCode } from './reduceKernels.js';
import { deferredCall } from './deferredCall.js';
import { callNative1, input, type KernelArgs, type NativeKernelSpec } from './nativeCall.js';

type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/** [sh, sw, dh, dw, top, bottom, left, right] of a TF.js Conv2DInfo (padding resolved, possibly asymmetric). */
function convInts(info: backend_util.Conv2DInfo): number[] {
  const p = info.padInfo;
  return [info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, p.top, p.bottom, p.left, p.right];
}

/** [kh, kw, sh, sw, top, bottom, left, right] of a pooling Conv2DInfo. */
function poolInts(info: backend_util.Conv2DInfo): number[] {
  const p = info.padInfo;
  return [info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, p.top, p.bottom, p.left, p.right];
}

function isNhwc(args: KernelArgs): boolean {
  return (args.attrs['dataFormat'] ?? 'NHWC') === 'NHWC';
}

function conv2DInfo(args: KernelArgs, xShape: number[], filterShape: number[], dilations: unknown): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    args.attrs['strides'] as number | [number, number],
    (dilations ?? 1) as number | [number, number],
    args.attrs['pad'] as Pad,
    args.attrs['dimRoundingMode'] as Rounding,
  );
}

function pool2DInfo(args: KernelArgs, xShape: number[]): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    xShape as Shape4,
    args.attrs['filterSize'] as number | [number, number],
    args.attrs['strides'] as number | [number, number],
    1,
    args.attrs['pad'] as Pad,
    args.attrs['dimRoundingMode'] as Rounding,
  );
}

function pooling(name: string, inputNames: readonly string[]): NativeKernelSpec {
  return {
    name,
    run: (args) => {
      const x = input(args, inputNames.includes('input') ? 'input' : 'x');
      const tensors = inputNames.map((n) => input(args, n));
      return callNative1(args.backend, name, tensors, poolInts(pool2DInfo(args, x.shape)));
    },
  };
}

/** Convolutions (NHWC, 'same'/'valid'/explicit padding, strides, dilations), pooling and batch normalisation. */
export const nnKernels: readonly NativeKernelSpec[] = [
  {
    name: 'Conv2D',
    run: (args, fallback) => {
      if (!isNhwc(args)) return fallback();
      const x = input(args, 'x');
      const filter = input(args, 'filter');
      return callNative1(args.backend, 'Conv2D', [x, filter], convInts(conv2DInfo(args, x.shape, filter.shape, args.attrs['dilations'])));
    },
  },
  {
    name: 'FusedConv2D',
    run: (args, fallback) => {
      if (!isNhwc(args)) return fallback();
      const x = input(args, 'x');
      const filter = input(args, 'filter');
      const bias = args.inputs['bias'] ?? undefined;
      const prelu = args.inputs['preluActivationWeights'] ?? undefined;
      const ints = [
        ...convInts(conv2DInfo(args, x.shape, filter.shape, args.attrs['dilations'])),
        bias ? 1 : 0,
        activationCode(args.attrs['activation']),
        prelu ? 1 : 0,
      ];
      const tensors = [x, filter, ...(bias ? [bias] : []), ...(prelu ? [prelu] : [])];
      return callNative1(args.backend, 'FusedConv2D', tensors, ints, [Number(args.attrs['leakyreluAlpha'] ?? 0.2)]);
    },
  },
  {
    name: 'Conv2DBackpropInput',
    run: (args, fallback) => {
      if (!isNhwc(args)) return fallback();
      const dy = input(args, 'dy');
      const filter = input(args, 'filter');
      const inputShape = args.attrs['inputShape'] as number[];
      const info = conv2DInfo(args, inputShape, filter.shape, 1);
      // Computed when used: TF.js also asks for the input gradient of a network's first convolution, which is
      // then disposed unread (the images need no gradient).
      return deferredCall(args.backend, 'Conv2DBackpropInput', [dy, filter], [...convInts(info), ...inputShape], inputShape.slice(), dy.dtype);
    },
  },
  {
    name: 'Conv2DBackpropFilter',
    run: (args, fallback) => {
      if (!isNhwc(args)) return fallback();
      const x = input(args, 'x');
      const dy = input(args, 'dy');
      const filterShape = args.attrs['filterShape'] as number[];
      const info = conv2DInfo(args, x.shape, filterShape, 1);
      return callNative1(args.backend, 'Conv2DBackpropFilter', [x, dy], [...convInts(info), ...filterShape]);
    },
  },
  pooling('MaxPool', ['x']),
  pooling('MaxPoolGrad', ['dy', 'input', 'output']),
  pooling('AvgPool', ['x']),
  pooling('AvgPoolGrad', ['dy', 'input']),
  {
    name: 'FusedBatchNorm',
    run: (args): TensorInfo => {
      // Before the engine looks up this kernel's gradient: a fast-path gradient registered over fails loudly here.
      ensureFastPath();
      const offset = args.inputs['offset'] ?? undefined;
      const scale = args.inputs['scale'] ?? undefined;
      const tensors = [input(args, 'x'), input(args, 'mean'), input(args, 'variance'), ...(offset ? [offset] : []), ...(scale ? [scale] : [])];
      const epsilon = Number(args.attrs['varianceEpsilon'] ?? 0.001);
      return callNative1(args.backend, 'FusedBatchNorm', tensors, [offset ? 1 : 0, scale ? 1 : 0], [epsilon]);
    },
  },
];
