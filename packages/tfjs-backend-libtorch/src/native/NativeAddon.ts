/**
 * The shape of the compiled addon (`build/Release/tfjs_libtorch.node`, sources in `native/*.cc`).
 *
 * Tensors live in a C++ store keyed by numeric id; JavaScript holds the ids. Dtype codes: 0 float32, 1 int32,
 * 2 bool. Every C++ exception surfaces as a JavaScript `Error` whose message starts with `libtorch: `.
 */
export interface NativeAddon {
  /** Copies `values` into a new libtorch tensor of `shape` and dtype code; returns its id. */
  fromArray(values: Float32Array | Int32Array | Uint8Array, shape: readonly number[], dtype: number): number;
  /** Copies a tensor's values out, in row-major order. */
  toArray(id: number): Float32Array | Int32Array | Uint8Array;
  /** Frees a tensor at once (its storage goes when no view shares it). Unknown ids are ignored. */
  free(id: number): void;
  /** Number of live tensor ids. */
  count(): number;
  /** Bytes held by live storages, each counted once. */
  bytes(): number;
  /** `[id, dtypeCode, ...shape]` of a live tensor. */
  describe(id: number): number[];
  /** Names of the native ops, in index order. */
  opNames(): string[];
  /** Runs op `op` (an index into `opNames()`) and returns `[id, dtypeCode, ...shape]` per output. */
  call(op: number, inputIds: readonly number[], ints: readonly number[], floats: readonly number[]): number[][];
  setThreads(n: number): void;
  getThreads(): number;
  /** Whether the addon set glibc's malloc thresholds at load (see `native/mallocTuning.cc`). */
  readonly mallocTuned: boolean;
  /** Process groups (native/processGroup.cc); absent when the addon was built without Gloo (libgloo-dev). */
  readonly pgCreate?: NativeProcessGroups['pgCreate'];
  readonly pgCollective?: NativeProcessGroups['pgCollective'];
  readonly pgCollectiveArrays?: NativeProcessGroups['pgCollectiveArrays'];
  readonly pgBarrier?: NativeProcessGroups['pgBarrier'];
  readonly pgDestroy?: NativeProcessGroups['pgDestroy'];
}

/**
 * c10d process groups (TCPStore rendezvous + ProcessGroupGloo), present when the addon was built with Gloo. Every
 * function returns a Promise: blocking waits run on libuv's thread pool; collectives are enqueued in call order.
 * Failures reject with an Error whose message starts with `libtorch: ` (Gloo's or c10d's own text).
 * Collective kinds: 0 allreduce-sum, 1 allreduce-mean, 2 broadcast from `root`.
 */
export interface NativeProcessGroups {
  /** Rendezvous and connect; resolves to a group id. Empty `deviceHostname`/`deviceInterface` mean "not given". */
  pgCreate(
    masterAddr: string,
    masterPort: number,
    rank: number,
    worldSize: number,
    timeoutMs: number,
    deviceHostname: string,
    deviceInterface: string,
  ): Promise<number>;
  /** Runs collective `kind` on the tensors (one dtype) as one flat bucket; resolves to new tensors `[id, dtype, ...shape]`. */
  pgCollective(group: number, kind: number, root: number, tensorIds: readonly number[]): Promise<number[][]>;
  /** The same on typed arrays (all Float32Array or all Int32Array), in place. */
  pgCollectiveArrays(group: number, kind: number, root: number, arrays: readonly (Float32Array | Int32Array)[]): Promise<void>;
  pgBarrier(group: number): Promise<void>;
  /** Forgets the group and closes it (threads joined, sockets closed) off the JavaScript thread. */
  pgDestroy(group: number): Promise<void>;
}
