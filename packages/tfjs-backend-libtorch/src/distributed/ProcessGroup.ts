import { engine, tensor, type NamedTensorMap, type Tensor } from '@tensorflow/tfjs-core';
import { LibtorchBackend } from '../LibtorchBackend.js';
import { LibtorchBackendError } from '../LibtorchBackendError.js';
import type { NativeProcessGroups } from '../native/NativeAddon.js';
import { collectiveError } from './collectiveError.js';
import { describeValue } from './describeValue.js';
import { planBuckets } from './planBuckets.js';
import type { ResolvedProcessGroupOptions } from './ProcessGroupOptions.js';
import { REDUCE_OPS, type ReduceOp } from './reduceOps.js';

/** Options of {@link ProcessGroup.allreduce} and {@link ProcessGroup.allreduceArrays}. */
export interface AllreduceOptions {
  /** `'sum'` (default) or `'mean'` (the sum divided by the world size; float32 only). */
  readonly op?: ReduceOp;
}

/** Native collective kinds (native/processGroup.cc). */
const KIND = { sum: 0, mean: 1, broadcast: 2 } as const;

/** Dtypes a collective accepts. */
const COLLECTIVE_DTYPES = ['float32', 'int32'] as const;

type GroupState = { readonly kind: 'open' } | { readonly kind: 'failed'; readonly error: LibtorchBackendError } | { readonly kind: 'destroyed' };

function isTensorLike(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'dataId' in value && 'shape' in value && 'dtype' in value && 'isDisposed' in value;
}

/**
 * A group of processes that exchange tensors through PyTorch's c10d with Gloo (rendezvous over a TCP store), for
 * data-parallel training: every rank computes gradients on its own shard of the batch, `allreduce(grads, { op:
 * 'mean' })` averages them, and every rank applies the same update. Create one with `createProcessGroup` or
 * `processGroupFromEnv`.
 *
 * Every rank must call the same collectives in the same order with tensors of the same shapes and dtypes (as in
 * PyTorch). Collectives return Promises; they may be started without awaiting the previous one (they are issued
 * in call order). Tensors are exchanged in flat buckets of at most `bucketBytes` bytes, one native call per
 * bucket. A rank that does not arrive within `timeoutMs`, or whose process dies, makes the others' Promise reject
 * with a {@link LibtorchBackendError} (`timeout`, `connection-lost`) naming the operation and the rank; after that
 * the group only accepts `destroy()`.
 *
 * @example
 * const group = await processGroupFromEnv();
 * const { value, grads } = tf.variableGrads(loss);               // this rank's gradients
 * const averaged = await group.allreduceNamed(grads, { op: 'mean' });
 * optimizer.applyGradients(averaged);
 * tf.dispose([value, ...Object.values(grads), ...Object.values(averaged)]);
 * await group.destroy();
 */
export class ProcessGroup {
  /** This process's rank in [0, worldSize − 1]. */
  readonly rank: number;
  /** Number of processes in the group. */
  readonly worldSize: number;
  /** Rank among the processes on this machine (from `LOCAL_RANK`, else `rank`). */
  readonly localRank: number;
  /** Number of processes on this machine (from `LOCAL_WORLD_SIZE`, else `worldSize`). */
  readonly localWorldSize: number;
  /** How long a rank waits for the others, in ms. */
  readonly timeoutMs: number;
  /** Largest flat bucket of one native collective call, in bytes. */
  readonly bucketBytes: number;
  private readonly native: NativeProcessGroups;
  private readonly id: number;
  private state: GroupState = { kind: 'open' };
  private readonly pending = new Set<Promise<unknown>>();

  /** Use `createProcessGroup` or `processGroupFromEnv`; this wraps a native group that has already formed. */
  constructor(native: NativeProcessGroups, id: number, options: ResolvedProcessGroupOptions) {
    this.native = native;
    this.id = id;
    this.rank = options.rank;
    this.worldSize = options.worldSize;
    this.localRank = options.localRank;
    this.localWorldSize = options.localWorldSize;
    this.timeoutMs = options.timeoutMs;
    this.bucketBytes = options.bucketBytes;
  }

  /**
   * Element-wise sum (or mean) of each tensor over all ranks: result k = Σ_ranks tensors[k] (÷ worldSize for
   * `'mean'`). Inputs are left untouched; the results are new tensors of the same shapes and dtypes (float32 or
   * int32) on the active backend, which the caller disposes. Tensors of the `libtorch` backend never leave native
   * memory; those of any other backend go through typed arrays.
   * @param tensors - the same number, shapes and dtypes on every rank.
   * @example const [g] = await group.allreduce([tf.tensor1d([rank, 1])], { op: 'sum' }); // on 2 ranks: [1, 2]
   */
  async allreduce(tensors: readonly Tensor[], options: AllreduceOptions = {}): Promise<Tensor[]> {
    const op = this.checkOp('allreduce', options);
    this.checkTensors('allreduce', tensors, op);
    return this.tensorCollective('allreduce', KIND[op], 0, tensors);
  }

  /**
   * {@link allreduce} on a map of named tensors, such as the `grads` of `tf.variableGrads` or
   * `optimizer.computeGradients`: the result maps the same names to new tensors (the caller disposes them), ready
   * for `optimizer.applyGradients`. Tensors are exchanged in the order of their sorted names, so every rank must
   * pass the same names (not necessarily in the same insertion order).
   * @example optimizer.applyGradients(await group.allreduceNamed(grads, { op: 'mean' }));
   */
  async allreduceNamed(tensors: NamedTensorMap, options: AllreduceOptions = {}): Promise<NamedTensorMap> {
    if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors)) {
      throw new LibtorchBackendError('invalid-argument', `allreduceNamed: 'tensors' must be an object of named tf.Tensors; got ${describeValue(tensors)}.`);
    }
    const names = Object.keys(tensors).sort();
    const op = this.checkOp('allreduceNamed', options);
    const list = names.map((name) => tensors[name] as Tensor);
    this.checkTensors('allreduceNamed', list, op, names);
    const reduced = await this.tensorCollective('allreduceNamed', KIND[op], 0, list);
    return Object.fromEntries(names.map((name, k) => [name, reduced[k] as Tensor]));
  }

  /**
   * Rank `root`'s values of each tensor, on every rank (e.g. the initial weights, so that all ranks start equal).
   * Returns new tensors (shapes and dtypes as given; on `root` equal to the inputs), which the caller disposes.
   * @param tensors - the same number, shapes and dtypes (float32, int32) on every rank; other ranks' values are ignored.
   * @param root - the rank whose values are sent (default 0).
   * @example const [w] = await group.broadcast([model.getWeights()[0]!], 0);
   */
  async broadcast(tensors: readonly Tensor[], root = 0): Promise<Tensor[]> {
    this.checkRoot('broadcast', root);
    this.checkTensors('broadcast', tensors, 'sum');
    return this.tensorCollective('broadcast', KIND.broadcast, root, tensors);
  }

  /**
   * {@link allreduce} on typed arrays, in place: when the Promise resolves each array holds the sum (or mean) over
   * ranks. For trainers that keep gradients as typed arrays. Do not touch the arrays until it resolves.
   * @param arrays - all Float32Array, or all Int32Array (`'sum'` only); same lengths on every rank.
   * @example await group.allreduceArrays([grad], { op: 'mean' }); // grad now holds the average over ranks
   */
  async allreduceArrays(arrays: readonly (Float32Array | Int32Array)[], options: AllreduceOptions = {}): Promise<void> {
    const op = this.checkOp('allreduceArrays', options);
    this.checkArrays('allreduceArrays', arrays, op);
    await this.arrayCollective('allreduceArrays', KIND[op], 0, arrays);
  }

  /**
   * {@link broadcast} on typed arrays, in place: every array ends up holding rank `root`'s values.
   * @example await group.broadcastArrays([weights], 0);
   */
  async broadcastArrays(arrays: readonly (Float32Array | Int32Array)[], root = 0): Promise<void> {
    this.checkRoot('broadcastArrays', root);
    this.checkArrays('broadcastArrays', arrays, 'sum');
    await this.arrayCollective('broadcastArrays', KIND.broadcast, root, arrays);
  }

  /**
   * Resolves when every rank has reached this barrier (e.g. before rank 0 reads what the others wrote).
   * @example if (group.rank === 0) await writeCheckpoint(); await group.barrier();
   */
  async barrier(): Promise<void> {
    this.checkUsable('barrier');
    await this.track('barrier', this.native.pgBarrier(this.id));
  }

  /**
   * Waits for this rank's pending collectives to settle, then closes the group (threads joined, sockets closed).
   * Idempotent; afterwards every other method rejects with `invalid-state`.
   * @example await group.destroy();
   */
  async destroy(): Promise<void> {
    if (this.state.kind === 'destroyed') return;
    this.state = { kind: 'destroyed' };
    await Promise.allSettled([...this.pending]);
    await this.native.pgDestroy(this.id);
  }

  /** True until `destroy()` is called or a collective fails. */
  get isUsable(): boolean {
    return this.state.kind === 'open';
  }

  private async tensorCollective(fn: string, kind: number, root: number, tensors: readonly Tensor[]): Promise<Tensor[]> {
    const buckets = planBuckets(tensors, this.bucketBytes);
    const results: (Tensor | undefined)[] = tensors.map((t) => (t.size === 0 ? tensor([], t.shape, t.dtype) : undefined));
    const backend = engine().backend;
    const native = backend instanceof LibtorchBackend && tensors.every((t) => backend.refCount(t.dataId) > 0) ? backend : undefined;
    let calls: Promise<void>[];
    if (native !== undefined) {
      const ids = tensors.map((t) => native.nativeId(t));
      calls = buckets.map(async (bucket) => {
        const described = await this.track(fn, this.native.pgCollective(this.id, kind, root, bucket.map((k) => ids[k] ?? -1)));
        described.forEach((d, j) => {
          results[bucket[j] ?? -1] = engine().makeTensorFromTensorInfo(native.adopt(d), native);
        });
      });
    } else {
      const arrays = tensors.map((t) => (t.dtype === 'int32' ? new Int32Array(t.dataSync() as Int32Array) : new Float32Array(t.dataSync() as Float32Array)));
      calls = buckets.map(async (bucket) => {
        await this.track(fn, this.native.pgCollectiveArrays(this.id, kind, root, bucket.map((k) => arrays[k] ?? new Float32Array(0))));
        for (const k of bucket) {
          const t = tensors[k];
          const values = arrays[k];
          if (t !== undefined && values !== undefined) results[k] = tensor(values, t.shape, t.dtype);
        }
      });
    }
    const settled = await Promise.allSettled(calls);
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure !== undefined) {
      for (const t of results) t?.dispose();
      throw failure.reason;
    }
    return results.map((t) => {
      if (t === undefined) throw new LibtorchBackendError('collective-failed', `${fn}: a bucket returned no tensor.`);
      return t;
    });
  }

  private async arrayCollective(fn: string, kind: number, root: number, arrays: readonly (Float32Array | Int32Array)[]): Promise<void> {
    const items = arrays.map((a) => ({ size: a.length, dtype: a instanceof Int32Array ? 'int32' : 'float32' }));
    const buckets = planBuckets(items, this.bucketBytes);
    const settled = await Promise.allSettled(
      buckets.map((bucket) => this.track(fn, this.native.pgCollectiveArrays(this.id, kind, root, bucket.map((k) => arrays[k] ?? new Float32Array(0))))),
    );
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  /** Follows a native Promise: a rejection becomes a named error and marks the group failed. */
  private track<T>(fn: string, promise: Promise<T>): Promise<T> {
    const followed = promise.catch((error: unknown) => {
      const named = collectiveError({ fn, rank: this.rank, worldSize: this.worldSize, timeoutMs: this.timeoutMs }, error);
      if (this.state.kind === 'open') this.state = { kind: 'failed', error: named };
      throw named;
    });
    this.pending.add(followed);
    const forget = (): void => {
      this.pending.delete(followed);
    };
    followed.then(forget, forget);
    return followed;
  }

  private checkUsable(fn: string): void {
    if (this.state.kind === 'destroyed') {
      throw new LibtorchBackendError('invalid-state', `${fn}: the process group must not be destroyed; got a call after destroy().`);
    }
    if (this.state.kind === 'failed') {
      throw new LibtorchBackendError(
        'invalid-state',
        `${fn}: rank ${this.rank} of ${this.worldSize} cannot run collectives after an earlier failure; destroy() the group (${this.state.error.message})`,
      );
    }
  }

  private checkOp(fn: string, options: AllreduceOptions): ReduceOp {
    this.checkUsable(fn);
    if (typeof options !== 'object' || options === null) {
      throw new LibtorchBackendError('invalid-argument', `${fn}: 'options' must be an object; got ${describeValue(options)}.`);
    }
    const op = options.op ?? 'sum';
    if (!(REDUCE_OPS as readonly unknown[]).includes(op)) {
      throw new LibtorchBackendError('invalid-argument', `${fn}: 'options.op' must be one of ${REDUCE_OPS.map((o) => `'${o}'`).join(', ')}; got ${describeValue(op)}.`);
    }
    return op;
  }

  private checkRoot(fn: string, root: number): void {
    this.checkUsable(fn);
    if (!Number.isInteger(root) || root < 0 || root >= this.worldSize) {
      throw new LibtorchBackendError('invalid-argument', `${fn}: 'root' must be an integer in [0, ${this.worldSize - 1}]; got ${describeValue(root)}.`);
    }
  }

  private checkTensors(fn: string, tensors: readonly Tensor[], op: ReduceOp, names?: readonly string[]): void {
    if (!Array.isArray(tensors)) throw new LibtorchBackendError('invalid-argument', `${fn}: 'tensors' must be an array of tf.Tensor; got ${describeValue(tensors)}.`);
    tensors.forEach((t: unknown, index) => {
      const at = names === undefined ? `[${index}]` : `["${names[index] ?? ''}"]`;
      if (!isTensorLike(t)) throw new LibtorchBackendError('invalid-argument', `${fn}: 'tensors${at}' must be a tf.Tensor; got ${describeValue(t)}.`);
      if (t.isDisposed) throw new LibtorchBackendError('invalid-argument', `${fn}: 'tensors${at}' must not be disposed; got a disposed tensor.`);
      if (!(COLLECTIVE_DTYPES as readonly string[]).includes(t.dtype)) {
        throw new LibtorchBackendError('invalid-argument', `${fn}: 'tensors${at}' must have dtype float32 or int32; got ${t.dtype}.`);
      }
      if (op === 'mean' && t.dtype !== 'float32') {
        throw new LibtorchBackendError('invalid-argument', `${fn}: 'tensors${at}' must be float32 for op 'mean'; got ${t.dtype}.`);
      }
    });
  }

  private checkArrays(fn: string, arrays: readonly (Float32Array | Int32Array)[], op: ReduceOp): void {
    if (!Array.isArray(arrays)) throw new LibtorchBackendError('invalid-argument', `${fn}: 'arrays' must be an array of Float32Array; got ${describeValue(arrays)}.`);
    const first: unknown = arrays[0];
    arrays.forEach((a: unknown, k) => {
      if (!(a instanceof Float32Array) && !(a instanceof Int32Array)) {
        throw new LibtorchBackendError('invalid-argument', `${fn}: 'arrays[${k}]' must be a Float32Array or Int32Array; got ${describeValue(a)}.`);
      }
      if (a.constructor !== (first as object).constructor) {
        throw new LibtorchBackendError('invalid-argument', `${fn}: 'arrays[${k}]' must be a ${describeValue(first).replace(/\(.*/, '')} like 'arrays[0]'; got ${describeValue(a)}.`);
      }
      if (op === 'mean' && a instanceof Int32Array) {
        throw new LibtorchBackendError('invalid-argument', `${fn}: 'arrays[${k}]' must be a Float32Array for op 'mean'; got ${describeValue(a)}.`);
      }
    });
  }
}
