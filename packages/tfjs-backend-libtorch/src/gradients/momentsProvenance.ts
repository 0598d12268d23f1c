import { engine, type Tensor } from '@tensorflow/tfjs-core';
import { reducesAllButLast, wrapKernel } from '../kernels/wrapKernel.js';

/** Outputs of `Mean` over all axes but the last, keepDims false (per-channel means of NHWC data). */
const channelMeans = new WeakSet<object>();

/**
 * Wraps the backend's `Mean` kernel to remember which results are per-channel means (reduced over every axis but
 * the last, without kept dims; `isMomentsOf` needs the axes, which the gradient tape does not keep). The engine's
 * clones of saved tensors (Identity, outside the tape) share their input's data id on this backend, so they need
 * no tracking.
 */
export function registerChannelMeanTracking(backendName: string): void {
  wrapKernel(backendName, 'Mean', (args, original) => {
    const out = original();
    const x = args.inputs['x'];
    if (x && !Array.isArray(out) && x.dtype === 'float32' && args.attrs['keepDims'] !== true && reducesAllButLast(x, args.attrs['axis'])) {
      channelMeans.add(out.dataId);
    }
    return out;
  });
}

interface TapeNode {
  readonly kernelName: string;
  readonly inputs: Readonly<Record<string, Tensor | undefined>>;
  readonly outputs: readonly (Tensor | undefined)[];
}

const producerCache = new WeakMap<readonly TapeNode[], { length: number; byData: Map<object, TapeNode> }>();

/** Producer of each data id on the active gradient tape (cached per tape and length). */
function producers(): Map<object, TapeNode> | undefined {
  const tape = (engine() as unknown as { state: { activeTape?: readonly TapeNode[] } }).state.activeTape;
  if (tape === undefined) return undefined;
  let cached = producerCache.get(tape);
  if (cached === undefined || cached.length !== tape.length) {
    const byData = new Map<object, TapeNode>();
    // First producer wins: Identity and same-dtype Cast return their input's data id (shared, not copied).
    for (const node of tape) for (const out of node.outputs) if (out && !byData.has(out.dataId)) byData.set(out.dataId, node);
    cached = { length: tape.length, byData };
    producerCache.set(tape, cached);
  }
  return cached.byData;
}

const ALIASES = new Set(['Reshape', 'Identity', 'Cast']);

/** The data id `id` is a float32 identity/reshape/cast chain of (at most 16 links back). */
function root(id: object, byData: Map<object, TapeNode>): object {
  let current = id;
  for (let k = 0; k < 16; ++k) {
    const node = byData.get(current);
    const x = node?.inputs['x'];
    if (node === undefined || !ALIASES.has(node.kernelName) || x === undefined || x.dtype !== 'float32') return current;
    current = x.dataId;
  }
  return current;
}

function sameLayout(a: Tensor, b: Tensor): boolean {
  return a.size === b.size && a.shape[a.rank - 1] === b.shape[b.rank - 1];
}

/**
 * True when the forward tape shows `mean` = Mean(x) and `variance` = Mean(Square(Sub(x, reshape(mean)))), both
 * over all axes but the last — `tf.moments(x, [0, .., rank-2])`, as tfjs-layers' batch norm in training computes
 * them (reshapes, identities and float32 casts of x and mean are followed). Then the full gradient of
 * batchNorm(x, mean, variance) with respect to x is ATen's training-mode batch-norm backward.
 */
export function isMomentsOf(x: Tensor, mean: Tensor, variance: Tensor): boolean {
  const byData = producers();
  if (byData === undefined || x.dtype !== 'float32' || x.rank < 2) return false;
  const channels = x.shape[x.rank - 1];
  const varianceId = root(variance.dataId, byData);
  const varianceNode = byData.get(varianceId);
  if (varianceNode?.kernelName !== 'Mean' || !channelMeans.has(varianceId)) return false;
  const squared = varianceNode.inputs['x'];
  const squareNode = squared && byData.get(squared.dataId);
  const deviation = squareNode?.kernelName === 'Square' ? squareNode.inputs['x'] : undefined;
  const subNode = deviation && byData.get(deviation.dataId);
  const a = subNode?.kernelName === 'Sub' ? subNode.inputs['a'] : undefined;
  const b = subNode?.kernelName === 'Sub' ? subNode.inputs['b'] : undefined;
  if (squared === undefined || a === undefined || b === undefined || !sameLayout(a, x) || !sameLayout(squared, x)) return false;
  if (b.rank !== a.rank || b.shape[b.rank - 1] !== channels || b.size !== channels) return false;
  const xId = root(x.dataId, byData);
  const meanId = root(mean.dataId, byData);
  if (root(a.dataId, byData) !== xId || root(b.dataId, byData) !== meanId) return false;
  const meanNode = byData.get(meanId);
  const meanInput = meanNode?.kernelName === 'Mean' ? meanNode.inputs['x'] : undefined;
  return channelMeans.has(meanId) && meanInput !== undefined && sameLayout(meanInput, x) && root(meanInput.dataId, byData) === xId;
}
