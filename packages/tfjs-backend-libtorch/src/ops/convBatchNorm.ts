import {
  backend_util,
  batchNorm,
  clone,
  conv2d,
  engine,
  getBackend,
  getKernel,
  moments,
  registerGradient,
  relu,
  tidy,
  zerosLike,
  type NamedAttrMap,
  type NamedTensorMap,
  type Tensor,
  type Tensor1D,
  type Tensor4D,
} from '@tensorflow/tfjs-core';
import { LibtorchBackendError } from '../LibtorchBackendError.js';

/** Kernel name of the fused forward: `[y, z, mean, variance]` (z: the convolution's output, kept for the backward). */
export const FUSED_CONV2D_BATCH_NORM = 'FusedConv2DBatchNorm';

/**
 * Kernel name of the fused backward: `[dx, dFilter, dScale, dOffset]` in training, and `dMean, dVariance` after
 * them in inference.
 */
export const FUSED_CONV2D_BATCH_NORM_GRAD = 'FusedConv2DBatchNormGrad';

/** The activations `convBatchNorm` applies after the batch norm: none, or max(·, 0). */
export const CONV_BATCH_NORM_ACTIVATIONS = ['linear', 'relu'] as const;

/** One of {@link CONV_BATCH_NORM_ACTIVATIONS}. */
export type ConvBatchNormActivation = (typeof CONV_BATCH_NORM_ACTIVATIONS)[number];

/** Options of {@link convBatchNorm}. */
export interface ConvBatchNormOptions {
  /** Convolution strides `[sh, sw]`, or one number for both. Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Convolution padding, as `tf.conv2d` takes it: 'valid', 'same', a number, or `[[0, 0], [top, bottom], [left, right], [0, 0]]`. */
  readonly pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  /** Added to the variance before the square root. Default 0.001 (tfjs-layers' batchNormalization default). */
  readonly epsilon?: number;
  /** After the batch norm. Default 'linear'. */
  readonly activation?: ConvBatchNormActivation;
  /** Batch statistics (true) or the given moving statistics (false). */
  readonly training: boolean;
  /** [C] moving mean; required when `training` is false, ignored otherwise. */
  readonly movingMean?: Tensor1D;
  /** [C] moving variance; required when `training` is false, ignored otherwise. */
  readonly movingVariance?: Tensor1D;
}

/** What {@link convBatchNorm} returns; the caller owns (disposes) all three. */
export interface ConvBatchNormResult {
  /** [N, OH, OW, C] output. */
  readonly y: Tensor4D;
  /** [C] mean the batch norm used: the batch mean in training, a copy of `movingMean` in inference. */
  readonly mean: Tensor1D;
  /** [C] variance the batch norm used (biased, as `tf.moments`): the batch variance in training, a copy of `movingVariance` in inference. */
  readonly variance: Tensor1D;
}

function fail(rule: string): never {
  throw new LibtorchBackendError('invalid-argument', `convBatchNorm: ${rule}.`);
}

const shapeText = (t: Tensor): string => `[${t.shape.join(', ')}]`;

function checkVector(name: string, t: Tensor | undefined, channels: number): void {
  if (t === undefined || t === null) fail(`'${name}' must be a tensor of shape [${channels}]; got ${String(t)}`);
  if (t.rank !== 1 || t.shape[0] !== channels) fail(`'${name}' must have shape [${channels}] (the filter's output channels); got ${shapeText(t)}`);
  if (t.dtype !== 'float32') fail(`'${name}' must be float32; got ${t.dtype}`);
}

function stridesOf(strides: ConvBatchNormOptions['strides']): [number, number] {
  const pair = typeof strides === 'number' ? [strides, strides] : strides === undefined ? [1, 1] : [...strides];
  if (pair.length !== 2 || !pair.every((s) => Number.isInteger(s) && s >= 1)) {
    fail(`'strides' must be a positive integer or two of them; got ${JSON.stringify(strides)}`);
  }
  return pair as [number, number];
}

function padOk(pad: unknown): boolean {
  if (pad === 'valid' || pad === 'same') return true;
  if (typeof pad === 'number') return Number.isInteger(pad) && pad >= 0;
  const ok = (p: unknown): boolean => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0);
  return Array.isArray(pad) && pad.length === 4 && pad.every(ok) && pad[0][0] === 0 && pad[0][1] === 0 && pad[3][0] === 0 && pad[3][1] === 0;
}

/** Checks every argument; returns the convolution geometry (padding resolved, output shape). */
function validate(x: Tensor, filter: Tensor, scale: Tensor, offset: Tensor, o: ConvBatchNormOptions): backend_util.Conv2DInfo {
  if (x === undefined || x === null || x.rank !== 4) fail(`'x' must be a rank-4 tensor [batch, height, width, channels]; got ${x ? shapeText(x) : String(x)}`);
  if (filter === undefined || filter === null || filter.rank !== 4) {
    fail(`'filter' must be a rank-4 tensor [height, width, inChannels, outChannels]; got ${filter ? shapeText(filter) : String(filter)}`);
  }
  if (x.dtype !== 'float32' || filter.dtype !== 'float32') fail(`'x' and 'filter' must be float32; got ${x.dtype} and ${filter.dtype}`);
  if (filter.shape[2] !== x.shape[3]) fail(`'filter' must have ${x.shape[3]} input channels (x's last axis); got ${shapeText(filter)}`);
  const channels = filter.shape[3] as number;
  checkVector('scale', scale, channels);
  checkVector('offset', offset, channels);
  if (o === undefined || o === null || typeof o !== 'object') fail(`'options' must be an object; got ${String(o)}`);
  if (typeof o.training !== 'boolean') fail(`'training' must be true or false; got ${String(o.training)}`);
  if (!o.training) {
    checkVector('movingMean', o.movingMean, channels);
    checkVector('movingVariance', o.movingVariance, channels);
  }
  const epsilon = o.epsilon ?? 0.001;
  if (!(Number.isFinite(epsilon) && epsilon > 0)) fail(`'epsilon' must be a positive finite number; got ${String(o.epsilon)}`);
  const activation = o.activation ?? 'linear';
  if (!CONV_BATCH_NORM_ACTIVATIONS.includes(activation)) {
    fail(`'activation' must be one of ${CONV_BATCH_NORM_ACTIVATIONS.join(', ')}; got '${String(activation)}'`);
  }
  if (!padOk(o.pad)) fail(`'pad' must be 'valid', 'same', a non-negative integer or [[0, 0], [top, bottom], [left, right], [0, 0]]; got ${JSON.stringify(o.pad)}`);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    stridesOf(o.strides),
    1,
    o.pad as backend_util.ExplicitPadding,
  );
  if (!(info.outHeight > 0 && info.outWidth > 0)) fail(`the convolution of x ${shapeText(x)} with filter ${shapeText(filter)} must have an output; got ${info.outHeight}x${info.outWidth}`);
  return info;
}

/** Kernel attributes: what native code needs, padding resolved to [top, bottom, left, right]. */
function kernelAttrs(info: backend_util.Conv2DInfo, o: ConvBatchNormOptions): NamedAttrMap {
  const p = info.padInfo;
  return {
    strides: [info.strideHeight, info.strideWidth],
    pads: [p.top, p.bottom, p.left, p.right],
    epsilon: o.epsilon ?? 0.001,
    activation: o.activation ?? 'linear',
    training: o.training,
  };
}

/**
 * Whether the active backend runs the fused kernels (the libtorch backend registers them). Public for tests and
 * benchmarks that want to know which path {@link convBatchNorm} takes.
 * @example hasFusedConvBatchNorm() // true while tf.getBackend() === 'libtorch'
 */
export function hasFusedConvBatchNorm(): boolean {
  const backend = getBackend();
  return getKernel(FUSED_CONV2D_BATCH_NORM, backend) !== undefined && getKernel(FUSED_CONV2D_BATCH_NORM_GRAD, backend) !== undefined;
}

/** The fallback: TF.js ops, differentiated by TF.js (what tfjs-layers' conv2d + batchNormalization + reLU run). */
function composite(x: Tensor4D, filter: Tensor4D, scale: Tensor1D, offset: Tensor1D, o: ConvBatchNormOptions, strides: [number, number]): ConvBatchNormResult {
  return tidy(() => {
    const z = conv2d(x, filter, strides, o.pad);
    const stats = o.training ? moments(z, [0, 1, 2]) : { mean: clone(o.movingMean as Tensor1D), variance: clone(o.movingVariance as Tensor1D) };
    const normed = batchNorm(z, stats.mean as Tensor1D, stats.variance as Tensor1D, offset, scale, o.epsilon ?? 0.001);
    const y = (o.activation ?? 'linear') === 'relu' ? relu(normed) : normed;
    return { y, mean: stats.mean as Tensor1D, variance: stats.variance as Tensor1D };
  });
}

/**
 * Convolution → batch normalisation (→ ReLU), one op: on a backend that registers the fused kernels (the libtorch
 * backend), one native call forward and one backward; elsewhere (cpu, wasm, webgl, ...) the same computation in
 * TF.js ops, `conv2d` + `moments` + `batchNorm` + `relu` (what tfjs-layers' conv2d, batchNormalization and reLU
 * layers run), differentiated by TF.js.
 *
 *   z = conv2d(x, filter, strides, pad)                          x NHWC [N, H, W, Cin], filter HWIO [kh, kw, Cin, C]
 *   training:  mean, variance = moments of z over N, OH, OW      (biased variance, as tf.moments)
 *   inference: mean, variance = movingMean, movingVariance
 *   y = act(scale · (z − mean) / sqrt(variance + epsilon) + offset),   act = identity ('linear') or max(·, 0) ('relu')
 *
 * Gradients (native backward: ReLU mask, ATen's batch-norm backward, the convolution's gradients): with respect to
 * x, filter, scale and offset, and in inference also movingMean and movingVariance; in training the gradient flows
 * through the batch statistics, as TF.js's does. The convolution's input gradient is computed only when used (a
 * network's first layer needs none). `mean` and `variance` are for updating moving averages: treat them as
 * constants (on the fused path no gradient flows through them).
 *
 * @param x - [N, H, W, Cin] float32.
 * @param filter - [kh, kw, Cin, C] float32 (no bias: the batch norm's offset plays its part).
 * @param scale - [C] batch-norm γ.
 * @param offset - [C] batch-norm β.
 * @returns `{ y, mean, variance }`: y [N, OH, OW, C], mean and variance [C]; the caller disposes them.
 * @throws LibtorchBackendError `invalid-argument` for a wrong rank, shape, dtype or option, e.g.
 *   `convBatchNorm: 'scale' must have shape [16] (the filter's output channels); got [8].`
 * @example
 * import { convBatchNorm } from 'tfjs-backend-libtorch/ops';
 * const x = tf.randomNormal([8, 32, 32, 3]);
 * const filter = tf.randomNormal([3, 3, 3, 16]);
 * const { y, mean, variance } = convBatchNorm(x, filter, tf.ones([16]), tf.zeros([16]), { pad: 'same', activation: 'relu', training: true });
 * y.shape; // [8, 32, 32, 16]
 * mean.shape; // [16]
 */
export function convBatchNorm(x: Tensor4D, filter: Tensor4D, scale: Tensor1D, offset: Tensor1D, options: ConvBatchNormOptions): ConvBatchNormResult {
  const info = validate(x, filter, scale, offset, options);
  if (!hasFusedConvBatchNorm()) return composite(x, filter, scale, offset, options, [info.strideHeight, info.strideWidth]);
  const inputs: NamedTensorMap = { x, filter, scale, offset };
  if (!options.training) {
    inputs['mean'] = options.movingMean as Tensor1D;
    inputs['variance'] = options.movingVariance as Tensor1D;
  }
  const [y, z, mean, variance] = engine().runKernel(FUSED_CONV2D_BATCH_NORM, inputs, kernelAttrs(info, options)) as Tensor[];
  // The gradient keeps its own reference to z (a saved output).
  (z as Tensor).dispose();
  return { y: y as Tensor4D, mean: mean as Tensor1D, variance: variance as Tensor1D };
}

let gradientRegistered = false;

/**
 * Registers the gradient of the fused forward kernel (idempotent; importing this module does it): one call of
 * {@link FUSED_CONV2D_BATCH_NORM_GRAD} per backward step, its results handed to each input.
 */
export function registerConvBatchNormGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  registerGradient({
    kernelName: FUSED_CONV2D_BATCH_NORM,
    inputsToSave: ['x', 'filter', 'scale'],
    outputsToSave: [true, true, true, true],
    gradFunc: (dys: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x, filter, scale, y, z, mean, variance] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
      // Only y carries a gradient into the op (z, mean and variance are constants to the caller).
      const dy = (Array.isArray(dys) ? dys[0] : dys) ?? zerosLike(y);
      const grads = engine().runKernel(FUSED_CONV2D_BATCH_NORM_GRAD, { dy, x, filter, z, y, scale, mean, variance }, attrs) as Tensor[];
      const at = (k: number): (() => Tensor) => () => grads[k] as Tensor;
      return { x: at(0), filter: at(1), scale: at(2), offset: at(3), mean: at(4), variance: at(5) };
    },
  });
}

registerConvBatchNormGradient();
