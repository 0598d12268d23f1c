import * as tf from '@tensorflow/tfjs-core';

/** Deterministic PRNG (mulberry32), so both backends get identical inputs and failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Value domains for random inputs. */
export type Domain = 'any' | 'positive' | 'unit' | 'above1' | 'nonzero' | 'int' | 'smallint' | 'posint' | 'bool' | 'index';

/** A random input: shape, dtype, value domain (`index` needs `max`). */
export interface InputSpec {
  readonly shape: number[];
  readonly dtype?: 'float32' | 'int32' | 'bool';
  readonly domain?: Domain;
  readonly max?: number;
}

function sample(domain: Domain, r: () => number, max: number): number {
  switch (domain) {
    case 'any': return r() * 6 - 3;
    case 'positive': return 0.1 + r() * 3;
    case 'unit': return r() * 1.8 - 0.9;
    case 'above1': return 1.1 + r() * 3;
    case 'nonzero': return (r() < 0.5 ? -1 : 1) * (0.2 + r() * 3);
    case 'int': return Math.floor(r() * 21) - 10;
    case 'smallint': return Math.floor(r() * 7) - 3;
    case 'posint': return 1 + Math.floor(r() * 5);
    case 'bool': return r() < 0.5 ? 0 : 1;
    case 'index': return Math.floor(r() * max);
  }
}

/** Values for `spec` from `seed`. */
export function values(spec: InputSpec, seed: number): number[] {
  const r = rng(seed);
  const dtype = spec.dtype ?? 'float32';
  const domain = spec.domain ?? (dtype === 'bool' ? 'bool' : dtype === 'int32' ? 'int' : 'any');
  return Array.from({ length: tf.util.sizeFromShape(spec.shape) }, () => sample(domain, r, spec.max ?? 1));
}

/** A kernel case: inputs by name (or as a list for Concat/Pack), attributes, optional derived inputs. */
export interface KernelCase {
  readonly kernel: string;
  readonly label?: string;
  readonly inputs: Record<string, InputSpec> | InputSpec[];
  readonly attrs?: Record<string, unknown>;
  /** Extra inputs computed on the current backend from the random ones (e.g. MaxPoolGrad's `output`). */
  readonly derive?: (inputs: Record<string, tf.Tensor>) => Record<string, tf.Tensor>;
}

/** Result of one kernel on one backend, read back to plain arrays. */
export interface KernelResult {
  readonly shape: number[];
  readonly dtype: string;
  readonly data: number[];
}

/** Runs `c` with `tf.engine().runKernel` on the current backend; frees every tensor it made. */
export function runCase(c: KernelCase, seed: number): KernelResult[] {
  return tf.tidy(() => {
    const make = (spec: InputSpec, k: number): tf.Tensor => tf.tensor(values(spec, seed + 7919 * k), spec.shape, spec.dtype ?? 'float32');
    let inputs: Record<string, tf.Tensor> | tf.Tensor[];
    if (Array.isArray(c.inputs)) {
      inputs = c.inputs.map(make);
    } else {
      const named: Record<string, tf.Tensor> = {};
      Object.entries(c.inputs).forEach(([name, spec], k) => {
        named[name] = make(spec, k);
      });
      inputs = c.derive ? { ...named, ...c.derive(named) } : named;
    }
    const out = tf.engine().runKernel(c.kernel, inputs as unknown as tf.NamedTensorMap, (c.attrs ?? {}) as tf.NamedAttrMap);
    const outs = Array.isArray(out) ? out : [out];
    return outs.map((t) => ({ shape: [...t.shape], dtype: t.dtype, data: Array.from(t.dataSync() as ArrayLike<number>) }));
  });
}

/** Absolute + relative tolerance policy for the libtorch backend against cpu; NaN always fails. */
export function closeEnough(actual: number, expected: number, tol = 1e-5): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= tol + tol * Math.abs(expected);
}

/** Describes the first mismatch between two results, or undefined when they agree. */
export function firstMismatch(actual: KernelResult[], expected: KernelResult[], tol = 1e-5): string | undefined {
  if (actual.length !== expected.length) return `got ${actual.length} outputs, expected ${expected.length}`;
  for (let o = 0; o < expected.length; ++o) {
    const a = actual[o];
    const e = expected[o];
    if (a === undefined || e === undefined) return 'missing output';
    if (a.dtype !== e.dtype) return `output ${o}: dtype ${a.dtype}, expected ${e.dtype}`;
    if (a.shape.join(',') !== e.shape.join(',')) return `output ${o}: shape [${a.shape.join(', ')}], expected [${e.shape.join(', ')}]`;
    for (let k = 0; k < e.data.length; ++k) {
      const av = a.data[k] ?? NaN;
      const ev = e.data[k] ?? NaN;
      if (!closeEnough(av, ev, tol)) return `output ${o}[${k}]: ${av}, expected ${ev}`;
    }
  }
  return undefined;
}
