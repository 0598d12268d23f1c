import { backend_util, engine, util, zeros, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { wrapKernel } from '../kernels/wrapKernel.js';
import { overrideGradient } from './overrideGradient.js';
import { EXPAND } from './reductionGrads.js';

/** Data ids known to hold only zeros (gradients the training batch-norm gradient made redundant). */
const zeroData = new WeakSet<object>();

/** True when `t` is a zero gradient made by `taggedZeros`. */
export function isTaggedZero(t: TensorInfo): boolean {
  return zeroData.has(t.dataId);
}

/**
 * A float32 zero tensor of `shape` as a broadcast view of one zero (no full-size fill), tagged so that the
 * gradients below and `Add` skip it.
 * @example taggedZeros([128, 32, 32, 16]) // zeros, one float of storage
 */
export function taggedZeros(shape: readonly number[]): Tensor {
  const one = zeros(shape.map(() => 1));
  const z = shape.length === 0 ? one : (engine().runKernel(EXPAND, { x: one }, { shape: [...shape] }) as Tensor);
  if (z !== one) one.dispose();
  zeroData.add(z.dataId);
  return z;
}

/** The input shapes whose gradients a kernel's gradient function returns, from dy and the saved tensors. */
const INPUT_SHAPES: Readonly<Record<string, (dy: Tensor, saved: Tensor[]) => Record<string, number[]> | undefined>> = {
  Mean: (_dy, [x]) => (x ? { x: x.shape } : undefined),
  Square: (_dy, [x]) => (x ? { x: x.shape } : undefined),
  Reshape: (_dy, [x]) => (x ? { x: x.shape } : undefined),
  Sub: (_dy, [a, b]) => (a && b ? { a: a.shape, b: b.shape } : undefined),
  Cast: (dy) => ({ x: dy.shape }),
  Identity: (dy) => ({ x: dy.shape }),
};

/**
 * While `backendName` is active, the gradients of the kernels batch-norm moments are built from (Mean, Square,
 * Sub, Reshape, Cast, Identity) return tagged zeros without computing anything when their dy is a tagged zero
 * (the gradient of a linear-in-dy formula of a zero dy is zero), and `Add` of a tagged zero and a tensor of the
 * result's shape returns that tensor (shared data, no pass). This is what makes the training batch-norm
 * gradient (`registerFusedBatchNormGrad`) cost two passes instead of ten: the moments' own gradient chain
 * receives zeros and vanishes. Call after the other gradient overrides (it wraps whatever is registered).
 */
export function registerZeroGradients(backendName: string): void {
  for (const [kernelName, shapesOf] of Object.entries(INPUT_SHAPES)) {
    // tagged zeros are float32, so overrideGradient's float32 gate lets every one of them through
    overrideGradient(kernelName, backendName, (dy, saved) => {
      const shapes = isTaggedZero(dy) ? shapesOf(dy, saved) : undefined;
      return shapes && Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, () => taggedZeros(shape)]));
    });
  }
  wrapKernel(backendName, 'Add', (args, original) => {
    const { a, b } = args.inputs;
    if (a && b && a.dtype === b.dtype) {
      const keep = isTaggedZero(b) ? a : isTaggedZero(a) ? b : undefined;
      if (keep !== undefined && util.arraysEqual(backend_util.assertAndGetBroadcastShape(a.shape, b.shape), keep.shape)) {
        args.backend.incRef(keep.dataId);
        return { dataId: keep.dataId, shape: keep.shape.slice(), dtype: keep.dtype };
      }
    }
    return original();
  });
}
