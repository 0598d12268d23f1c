import { add, engine, getBackend, getKernel, mul, scalar, sub, tidy, type NamedTensorMap, type Tensor, type Variable } from '@tensorflow/tfjs-core';
import { LibtorchBackendError } from '../LibtorchBackendError.js';
import { FUSED_SGD_MOMENTUM } from './kernelNames.js';

/** Hyper-parameters of one {@link sgdMomentumUpdate} step. */
export interface SgdMomentumUpdateOptions {
  /** Learning rate lr (finite). */
  readonly learningRate: number;
  /** Momentum coefficient μ (finite). */
  readonly momentum: number;
  /** L2 weight decay λ (finite), applied to the variables flagged in `decayed`. */
  readonly weightDecay: number;
  /** One flag per variable: whether weight decay applies to it. */
  readonly decayed: readonly boolean[];
  /** Nesterov momentum: `w ← w − lr·(g + μ·v)` with the new velocity (PyTorch's `nesterov=True`). Default false. */
  readonly nesterov?: boolean;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function assertFinite(name: keyof SgdMomentumUpdateOptions, value: number): void {
  if (!Number.isFinite(value)) {
    throw new LibtorchBackendError('invalid-argument', `sgdMomentumUpdate: '${name}' must be a finite number; got ${String(value)}.`);
  }
}

function assertArguments(variables: readonly Variable[], gradients: readonly Tensor[], velocities: readonly Variable[], options: SgdMomentumUpdateOptions): void {
  const n = variables.length;
  const lists = { gradients: gradients.length, velocities: velocities.length, decayed: options.decayed.length } as const;
  for (const [name, length] of Object.entries(lists)) {
    if (length !== n) {
      throw new LibtorchBackendError('shape-mismatch', `sgdMomentumUpdate: '${name}' must have one entry per variable (${n}); got ${length}.`);
    }
  }
  assertFinite('learningRate', options.learningRate);
  assertFinite('momentum', options.momentum);
  assertFinite('weightDecay', options.weightDecay);
  for (let i = 0; i < n; ++i) {
    const w = variables[i]!;
    for (const [name, t] of [['variables', w], ['gradients', gradients[i]!], ['velocities', velocities[i]!]] as const) {
      if (t.dtype !== 'float32') {
        throw new LibtorchBackendError('invalid-argument', `sgdMomentumUpdate: '${name}[${i}]' must be float32; got ${t.dtype}.`);
      }
      if (t.shape.length !== w.shape.length || t.shape.some((d, k) => d !== w.shape[k])) {
        throw new LibtorchBackendError(
          'shape-mismatch',
          `sgdMomentumUpdate: '${name}[${i}]' must have the shape of variables[${i}] ${shapeText(w.shape)}; got ${shapeText(t.shape)}.`,
        );
      }
    }
  }
}

/** The same step as TF.js ops, one variable at a time (the rounding order the fused kernels reproduce). */
function compositeStep(variables: readonly Variable[], gradients: readonly Tensor[], velocities: readonly Variable[], options: SgdMomentumUpdateOptions): void {
  tidy(() => {
    const mu = scalar(options.momentum);
    const lr = scalar(options.learningRate);
    const wd = scalar(options.weightDecay);
    variables.forEach((w, i) => {
      const gradient = gradients[i]!;
      const velocity = velocities[i]!;
      const g = options.decayed[i] === true && Math.fround(options.weightDecay) !== 0 ? add(gradient, mul(wd, w)) : gradient;
      const v = add(mul(mu, velocity), g);
      velocity.assign(v);
      w.assign(sub(w, mul(lr, options.nesterov === true ? add(g, mul(mu, v)) : v)));
    });
  });
}

/** The step as one call of kernel `FusedSgdMomentum`, whose results replace the variables' values. */
function fusedStep(variables: readonly Variable[], gradients: readonly Tensor[], velocities: readonly Variable[], options: SgdMomentumUpdateOptions): void {
  const n = variables.length;
  const inputs: NamedTensorMap = {};
  for (let i = 0; i < n; ++i) {
    inputs[`w${i}`] = variables[i]!;
    inputs[`g${i}`] = gradients[i]!;
    inputs[`v${i}`] = velocities[i]!;
  }
  const attrs = { decayed: [...options.decayed], learningRate: options.learningRate, momentum: options.momentum, weightDecay: options.weightDecay, nesterov: options.nesterov === true };
  const outputs = engine().runKernel(FUSED_SGD_MOMENTUM, inputs, attrs) as Tensor[];
  // New tensors, assigned: the kernel never writes its inputs (storages may be shared between tensors), and
  // assign() takes a reference, so disposing the outputs leaves the variables holding them.
  for (let i = 0; i < n; ++i) {
    variables[i]!.assign(outputs[i]!);
    velocities[i]!.assign(outputs[n + i]!);
  }
  for (const t of outputs) t.dispose();
}

/**
 * One step of SGD with momentum and L2 weight decay over every variable, PyTorch's rule (torch.optim.SGD with
 * `momentum`, `weight_decay`, no dampening, `nesterov` as given):
 *
 * `g ← ∇w + λ·w` (decayed variables only) · `v ← μ·v + g` · `w ← w − lr·v`, or with `nesterov` `w ← w − lr·(g + μ·v)`.
 *
 * On a backend that registers kernel `FusedSgdMomentum` (libtorch) the step is one kernel call for all variables;
 * on any other backend it runs as TF.js ops, one variable at a time. Both round every product and sum to float32 in
 * the order written above, so they give the same bits. `variables[i]`, `gradients[i]` and `velocities[i]` share
 * one shape (any rank) and are float32; the variables and velocities get new values, nothing is disposed. The
 * velocities start as zeros (PyTorch starts them at the first gradient: the same values, since μ·0 + g = g).
 *
 * @throws LibtorchBackendError `shape-mismatch` for lists of different lengths or tensors of different shapes,
 *   `invalid-argument` for a non-float32 tensor or a non-finite hyper-parameter.
 * @example
 * const w = tf.variable(tf.tensor1d([1, 2]));
 * const v = tf.variable(tf.zeros([2]), false);
 * sgdMomentumUpdate([w], [tf.tensor1d([2, 4])], [v], { learningRate: 0.1, momentum: 0.9, weightDecay: 0, decayed: [false] });
 * w.print(); // [0.8, 1.6]
 */
export function sgdMomentumUpdate(
  variables: readonly Variable[],
  gradients: readonly Tensor[],
  velocities: readonly Variable[],
  options: SgdMomentumUpdateOptions,
): void {
  assertArguments(variables, gradients, velocities, options);
  if (variables.length === 0) return;
  if (getKernel(FUSED_SGD_MOMENTUM, getBackend()) !== undefined) fusedStep(variables, gradients, velocities, options);
  else compositeStep(variables, gradients, velocities, options);
}
