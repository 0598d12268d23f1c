import * as tf from '@tensorflow/tfjs-core';
import { CblossError } from '../CblossError.js';
import { sgdMomentumUpdate } from 'tfjs-backend-libtorch/ops';

/** Hyper-parameters of {@link createSgd}. */
export interface SgdOptions {
  /** Momentum coefficient μ, in [0, 1). The paper: 0.9. */
  readonly momentum: number;
  /** L2 weight decay λ ≥ 0, applied to the variables flagged in `decayed`. The paper: 2e-4. */
  readonly weightDecay: number;
  /** One flag per variable: whether weight decay applies to it (kernels yes; biases, BN γ/β usually no). */
  readonly decayed: readonly boolean[];
  /**
   * Nesterov momentum (Sutskever et al. 2013, PyTorch's `nesterov=True`): the step follows `g + μ·v` instead of `v`.
   * The large-scale recipe of the paper uses it (`--recipe imagenet`). Default false.
   */
  readonly nesterov?: boolean;
}

/** A stateful SGD-with-momentum optimizer over a fixed list of variables. */
export interface Sgd {
  /**
   * One update with the given gradients (one per variable, same order and shapes) and learning rate.
   * Disposes nothing it did not create; the caller disposes `gradients`.
   */
  step(gradients: readonly tf.Tensor[], learningRate: number): void;
  /** The momentum buffers, one `Float32Array` per variable, for a checkpoint. */
  getState(): Float32Array[];
  /** Restores buffers saved by `getState()` (same variables, same order). */
  setState(state: readonly Float32Array[]): void;
  /** Frees the momentum buffers. */
  dispose(): void;
}

/**
 * SGD with momentum and L2 weight decay, the optimizer of the paper (arXiv:1901.05555, §5.1), with PyTorch's
 * update rule (which equals TensorFlow's `MomentumOptimizer` for a constant learning rate):
 *
 * `g ← ∇w + λ·w` (decayed variables only) · `v ← μ·v + g` · `w ← w − lr·v`, or with `nesterov`
 * `w ← w − lr·(g + μ·v)`.
 *
 * Each step is `sgdMomentumUpdate` (tfjs-backend-libtorch/ops): one fused kernel call for all variables on the
 * libtorch backend (also with `nesterov`), the same rule as TF.js ops (the same bits) on the others.
 *
 * Adding `λ·w` to the gradient equals adding `λ/2·‖w‖²` to the loss, as the official code does, without paying for
 * the extra term in the forward pass. The learning rate is passed to every step, so any schedule can drive it.
 * Momentum buffers start at zero and are exposed with `getState`/`setState` for exact resumption.
 *
 * @example
 * const w = tf.variable(tf.tensor1d([1, 2]));
 * const sgd = createSgd([w], { momentum: 0.9, weightDecay: 0, decayed: [false] });
 * const { grads } = tf.variableGrads(() => w.square().sum(), [w]);
 * sgd.step([grads[w.name]!], 0.1); // w = [0.8, 1.6]
 */
export function createSgd(variables: readonly tf.Variable[], options: SgdOptions): Sgd {
  const { momentum, weightDecay, decayed, nesterov = false } = options;
  if (!Number.isFinite(momentum) || momentum < 0 || momentum >= 1) {
    throw new CblossError('invalid-argument', `createSgd: 'momentum' must be in [0, 1); got ${momentum}.`);
  }
  if (!Number.isFinite(weightDecay) || weightDecay < 0) {
    throw new CblossError('invalid-argument', `createSgd: 'weightDecay' must be a finite number >= 0; got ${weightDecay}.`);
  }
  if (decayed.length !== variables.length) {
    throw new CblossError(
      'shape-mismatch',
      `createSgd: 'decayed' must have one flag per variable (${variables.length}); got ${decayed.length}.`,
    );
  }
  const buffers = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));

  return {
    step(gradients, learningRate) {
      if (gradients.length !== variables.length) {
        throw new CblossError(
          'shape-mismatch',
          `Sgd.step: 'gradients' must have one tensor per variable (${variables.length}); got ${gradients.length}.`,
        );
      }
      sgdMomentumUpdate(variables, gradients, buffers, { learningRate, momentum, weightDecay, decayed, nesterov });
    },
    getState() {
      return buffers.map((b) => new Float32Array(b.dataSync()));
    },
    setState(state) {
      if (state.length !== buffers.length) {
        throw new CblossError(
          'shape-mismatch',
          `Sgd.setState: 'state' must have one array per variable (${buffers.length}); got ${state.length}.`,
        );
      }
      buffers.forEach((b, i) => {
        const values = state[i]!;
        if (values.length !== b.size) {
          throw new CblossError(
            'shape-mismatch',
            `Sgd.setState: 'state[${i}]' must have ${b.size} values; got ${values.length}.`,
          );
        }
        tf.tidy(() => b.assign(tf.tensor(values, b.shape, 'float32')));
      });
    },
    dispose() {
      buffers.forEach((b) => b.dispose());
    },
  };
}
