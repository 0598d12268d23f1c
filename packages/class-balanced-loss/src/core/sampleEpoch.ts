import { createRng, type Rng } from './createRng.js';
import { resolveSampler } from './resolveSampler.js';
import type { SamplerName } from './samplers.js';
import { assertArrayLike, assertClassIds, assertInteger, invalidArgument } from './validate.js';

/** Options of {@link sampleEpoch}. */
export interface SampleEpochOptions {
  /** A registered sampler: `'instance'`, `'class-balanced'`, `'square-root'` or `'progressive'` (see `SAMPLERS`). */
  readonly sampler: SamplerName;
  /** Integer seed: with `epoch`, it determines the epoch's indices completely. */
  readonly seed: number;
  /** The epoch (0-based). */
  readonly epoch: number;
  /** Total number of epochs T, required by `'progressive'` (t = epoch / T, capped at 1); ignored by the others. */
  readonly numEpochs?: number | undefined;
  /** Number of classes C; default max(labels) + 1. Classes without examples are never drawn. */
  readonly numClasses?: number | undefined;
  /** Draws per epoch; default labels.length (an epoch is as long as the data set, as in Kang et al.). */
  readonly samplesPerEpoch?: number | undefined;
}

/**
 * The example indices of one training epoch, drawn by a sampler of the registry (`SAMPLERS`): deterministic for
 * (seed, epoch), so an interrupted epoch resumes exactly (`sampleEpoch(...).subarray(batch · batchSize)`, or
 * `indexBatches` with `startBatch`), and epochs need not be computed in order.
 *
 * - `'instance'`: a shuffled permutation of all examples (the stream `createRng(seed).fork('shuffle:' + epoch)`,
 *   as the `cbloss` trainer's shuffling); longer epochs chain further permutations.
 * - `'class-balanced'`, `'square-root'`, `'progressive'`: each draw picks class c with the sampler's p_c (1/C,
 *   ∝ √n_c, (1 − t)·n_c/N + t/C), then the next example of c in a shuffled cycle of its examples (every example of c
 *   is drawn once before any is drawn again; class-aware sampling as Shen et al. and Kang et al. implement it).
 *   Frequent classes are under-sampled and rare ones repeated: p_c(draw) = p_c, each example of c ≈ p_c / n_c.
 *
 * Pure JavaScript (no TensorFlow.js).
 *
 * @param labels - the class id of every training example (integers ≥ 0), length N ≥ 1.
 * @returns an Int32Array of `samplesPerEpoch` indices into `labels`.
 * @throws CbLossError for bad labels, an unknown sampler (with the nearest name), a bad seed, epoch, numEpochs
 *   (missing for `'progressive'`), numClasses or samplesPerEpoch.
 * @example
 * const labels = [0, 0, 0, 0, 0, 0, 1, 1, 2];
 * sampleEpoch(labels, { sampler: 'instance', seed: 1, epoch: 0 });        // a permutation of 0..8
 * sampleEpoch(labels, { sampler: 'class-balanced', seed: 1, epoch: 0 });  // ≈ 3 draws of each class
 */
export function sampleEpoch(labels: ArrayLike<number>, options: SampleEpochOptions): Int32Array {
  return sampleEpochFor('sampleEpoch', labels, options);
}

/** {@link sampleEpoch} whose messages name `fn`, the function the user called (e.g. `indexBatches`). */
export function sampleEpochFor(fn: string, labels: ArrayLike<number>, options: SampleEpochOptions): Int32Array {
  if (options === null || typeof options !== 'object') throw invalidArgument(fn, 'options', 'be an object', options);
  const sampler = resolveSampler(options.sampler, { caller: fn, argument: 'sampler' });
  assertInteger(fn, 'seed', options.seed, 0);
  assertInteger(fn, 'epoch', options.epoch, 0);
  const byClass = examplesByClass(fn, labels, options.numClasses);
  const length = options.samplesPerEpoch ?? labels.length;
  assertInteger(fn, 'samplesPerEpoch', length, 1);
  const progress = sampler.usesEpochs ? trainingProgress(fn, sampler.name, options.epoch, options.numEpochs) : 0;
  if (sampler.draw === 'permutation') return permutations(labels.length, length, createRng(options.seed).fork(`shuffle:${options.epoch}`));
  const probabilities = sampler.classProbabilities(
    byClass.map((examples) => examples.length),
    progress,
  );
  return classThenExample(byClass, probabilities, length, createRng(options.seed).fork(`sample:${options.epoch}`));
}

/** t = epoch / numEpochs, capped at 1; numEpochs is required. */
export function trainingProgress(fn: string, sampler: string, epoch: number, numEpochs: number | undefined): number {
  if (numEpochs === undefined) throw invalidArgument(fn, 'numEpochs', `be given (an integer >= 1) for the '${sampler}' sampler`, numEpochs);
  assertInteger(fn, 'numEpochs', numEpochs, 1);
  return Math.min(epoch / numEpochs, 1);
}

/** The indices of each class's examples, in index order; validates the labels. */
function examplesByClass(fn: string, labels: ArrayLike<number>, numClasses: number | undefined): Int32Array[] {
  assertArrayLike(fn, 'labels', labels);
  if (labels.length === 0) throw invalidArgument(fn, 'labels', 'be a non-empty list of class ids', []);
  let classes = numClasses;
  if (classes === undefined) {
    classes = 0;
    for (let i = 0; i < labels.length; i++) {
      const id = labels[i];
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) throw invalidArgument(fn, `labels[${i}]`, 'be an integer class id >= 0', id);
      classes = Math.max(classes, id + 1);
    }
  } else {
    assertInteger(fn, 'numClasses', classes, 1);
    assertClassIds(fn, 'labels', labels, classes);
  }
  const counts = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i] as number]! += 1;
  const byClass = Array.from(counts, (n) => new Int32Array(n));
  const filled = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    (byClass[c] as Int32Array)[filled[c]!++] = i;
  }
  return byClass;
}

/** `length` indices from successive shuffled permutations of 0..n−1. */
function permutations(n: number, length: number, rng: Rng): Int32Array {
  const out = new Int32Array(length);
  const order = new Int32Array(n);
  for (let start = 0; start < length; start += n) {
    for (let i = 0; i < n; i++) order[i] = i;
    rng.shuffle(order);
    out.set(order.subarray(0, Math.min(n, length - start)), start);
  }
  return out;
}

/** Each draw: a class by inverse CDF, then the next example of that class's shuffled cycle. */
function classThenExample(byClass: Int32Array[], probabilities: number[], length: number, rng: Rng): Int32Array {
  const cumulative = new Float64Array(probabilities.length);
  let total = 0;
  probabilities.forEach((p, c) => {
    total += p;
    cumulative[c] = total;
  });
  const classRng = rng.fork('classes');
  // per class: its examples in a shuffled order, reshuffled each time the cycle is used up
  const cycles: (Int32Array | undefined)[] = new Array(byClass.length);
  const cycleRngs: (Rng | undefined)[] = new Array(byClass.length);
  const positions = new Int32Array(byClass.length);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const c = firstAbove(cumulative, classRng.next() * total);
    let cycle = cycles[c];
    if (cycle === undefined || positions[c] === cycle.length) {
      const cycleRng = (cycleRngs[c] ??= rng.fork(`class:${c}`));
      cycle = cycleRng.shuffle((byClass[c] as Int32Array).slice());
      cycles[c] = cycle;
      positions[c] = 0;
    }
    out[i] = cycle[positions[c]!++] as number;
  }
  return out;
}

/** The smallest c with cumulative[c] > x (binary search); a class of probability 0 is never returned. */
function firstAbove(cumulative: Float64Array, x: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((cumulative[mid] as number) > x) high = mid;
    else low = mid + 1;
  }
  return low;
}
