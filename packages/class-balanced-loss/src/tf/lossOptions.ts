import type { Reduction } from './reduction.js';

/** Options shared by every per-example loss of this package. */
export interface LossOptions {
  /**
   * Per-class weights w_c (length C, finite, ≥ 0), e.g. from `classBalancedWeights`. Example b gets
   * w_b = Σ_c z_{b,c} w_c / Σ_c z_{b,c}: the weight of its class for one-hot labels, the mean weight of
   * its positive classes for multi-hot labels, and 1 (the mean class weight) for an all-zero label row.
   * Default: no weighting.
   */
  readonly classWeights?: ArrayLike<number> | undefined;
  /** How to reduce the per-example losses, default `'none'` (shape [B]). See {@link Reduction}. */
  readonly reduction?: Reduction | undefined;
}

/** Options of the focal losses. */
export interface FocalLossOptions extends LossOptions {
  /** Focusing parameter γ ≥ 0, default 2 (arXiv:1708.02002); γ = 0 gives back the cross-entropy. */
  readonly gamma?: number | undefined;
}

/** Default focusing parameter γ of the focal losses (Lin et al., arXiv:1708.02002). */
export const DEFAULT_GAMMA = 2;
