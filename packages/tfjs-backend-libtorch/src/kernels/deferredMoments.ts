import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { LibtorchBackend } from '../LibtorchBackend.js';
import { deferredCall, retain } from './deferredCall.js';
import { callNative, callNative1 } from './nativeCall.js';
import { reducesAllButLast, wrapKernel } from './wrapKernel.js';

/** `op(a, b)` not computed yet; `a` and `b` are views the recipe owns. */
interface Recipe {
  readonly op: 'Sub' | 'SquaredDifference';
  readonly a: TensorInfo;
  readonly b: TensorInfo;
}

function defer(backend: LibtorchBackend, op: Recipe['op'], a: TensorInfo, b: TensorInfo): TensorInfo {
  return deferredCall(backend, op, [a, b], [], a.shape.slice(), a.dtype, ([keptA, keptB]) => ({ op, a: keptA, b: keptB }));
}

function recipeOf(backend: LibtorchBackend, info: TensorInfo | undefined): Recipe | undefined {
  return info === undefined ? undefined : (backend.deferredOf(info)?.recipe as Recipe | undefined);
}

/** True for float32 `b` of shape [1, .., 1, C] against float32 `a` of shape [.., C] (a per-channel shift). */
function channelShift(a: TensorInfo, b: TensorInfo): boolean {
  const rank = a.shape.length;
  const channels = a.shape[rank - 1];
  return a.dtype === 'float32' && b.dtype === 'float32' && rank >= 2 && b.shape.length === rank &&
    b.shape[rank - 1] === channels && b.shape.slice(0, -1).every((d) => d === 1);
}

/**
 * What `ChannelMoments` computed for the last per-channel `Mean`: views of its input x and of the mean (keeping
 * their storage alive, so a pointer cannot be reused by another tensor), and the variance. One per backend.
 */
interface MomentsSlot {
  readonly x: TensorInfo;
  readonly mean: TensorInfo;
  readonly variance: TensorInfo;
}
const slots = new WeakMap<LibtorchBackend, MomentsSlot>();

function clearSlot(backend: LibtorchBackend): void {
  const slot = slots.get(backend);
  if (slot === undefined) return;
  slots.delete(backend);
  for (const info of [slot.x, slot.mean, slot.variance]) backend.disposeData(info.dataId);
}

/**
 * `tf.moments(x, [0, .., rank-2])` — mean, then mean(square(sub(x, mean))) — in one pass over x, without the two
 * full-size intermediates, while the results stay unobserved:
 * - `Mean` of a float32 x of rank ≥ 2 over all axes but the last runs `ChannelMoments`, which gives the mean and the variance
 *   in one pass; the variance waits in a slot (one per backend) until the mean is freed or the next such `Mean`;
 * - `Sub(x, m)` with m of shape [1, .., 1, C] returns a deferred tensor (nothing computed);
 * - `Square` of such a deferred difference returns a deferred squared difference (`Identity`, the engine's clone
 *   of a tensor saved for a gradient, shares the deferred tensor);
 * - `Mean` of a deferred squared difference over all axes but the last returns the slot's variance when the
 *   difference is of the slot's x and mean (checked natively on storage, sizes and strides), else runs
 *   `ChannelMeanSquaredDiff` (one pass).
 * Any other use of a deferred tensor (another kernel, a read) computes it then, with the same kernels and
 * roundings as without deferral (`Sub`, `SquaredDifference`), so values never differ.
 */
export function registerDeferredMoments(backendName: string): void {
  wrapKernel(backendName, 'Sub', (args, original) => {
    const { a, b } = args.inputs;
    if (a === undefined || b === undefined || !channelShift(a, b) || args.backend.deferredOf(a) || args.backend.deferredOf(b)) return original();
    return defer(args.backend, 'Sub', a, b);
  });
  wrapKernel(backendName, 'Square', (args, original) => {
    const recipe = recipeOf(args.backend, args.inputs['x']);
    return recipe?.op === 'Sub' ? defer(args.backend, 'SquaredDifference', recipe.a, recipe.b) : original();
  });
  wrapKernel(backendName, 'Mean', (args, original) => {
    const { backend } = args;
    const x = args.inputs['x'];
    if (x === undefined) return original();
    const keepDims = args.attrs['keepDims'] === true;
    const perChannel = reducesAllButLast(x, args.attrs['axis']);
    const recipe = recipeOf(backend, x);
    if (recipe?.op === 'SquaredDifference') {
      if (!perChannel || keepDims) return original();
      const slot = slots.get(backend);
      if (slot === undefined) return callNative1(backend, 'ChannelMeanSquaredDiff', [recipe.a, recipe.b]);
      const variance = callNative1(backend, 'ChannelMeanSquaredDiffOrMoments', [recipe.a, recipe.b, slot.x, slot.mean, slot.variance]);
      clearSlot(backend);
      return variance;
    }
    if (recipe !== undefined || !perChannel || x.dtype !== 'float32' || backend.deferredOf(x) !== undefined) return original();
    const [mean, variance] = callNative(backend, 'ChannelMoments', [x]) as [TensorInfo, TensorInfo];
    const out = keepDims ? callNative1(backend, 'Reshape', [mean], [...x.shape.slice(0, -1).map(() => 1), mean.shape[0] ?? 0]) : mean;
    clearSlot(backend);
    const slot: MomentsSlot = { x: retain(backend, x), mean: retain(backend, out), variance };
    if (out !== mean) backend.disposeData(mean.dataId);
    slots.set(backend, slot);
    backend.onDispose(out, () => {
      if (slots.get(backend) === slot) clearSlot(backend);
    });
    return out;
  });
}
