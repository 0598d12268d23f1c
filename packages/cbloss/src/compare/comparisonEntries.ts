import type { SamplerName } from 'class-balanced-loss';
import type { LossSettings, ModelOptions } from '../types.js';

/** What one candidate of a compared method sets on top of the shared options. */
export interface CandidateSettings {
  readonly loss?: Partial<LossSettings>;
  readonly model?: ModelOptions;
  readonly data?: { readonly sampler?: SamplerName };
}

/** A method of the comparison: its name in the table and the settings its hyper-parameters are chosen among. */
export interface ComparisonEntry {
  readonly name: string;
  readonly candidates: readonly CandidateSettings[];
}

/**
 * The methods users compare class-balanced loss with, at one training budget (`epochs`), each with the small grid its
 * hyper-parameters are chosen from on the validation split (Cui et al. 2019; Cao et al. 2019 for LDAM-DRW and DRW;
 * Menon et al. 2021 for logit adjustment; Ren et al. 2020 for balanced softmax; Kang et al. 2020 for class-balanced
 * sampling and cRT). Deferred re-weighting starts at 80% of the epochs, as the paper's 160 of 200; cRT re-trains the
 * classifier for a tenth of them (at least 1).
 *
 * @example
 * comparisonEntries(10).map((e) => `${e.name}: ${e.candidates.length}`);
 * // ['softmax: 1', 'CB softmax: 2', 'CB softmax + DRW: 2', 'focal: 2', 'CB focal: 4', 'LDAM-DRW: 1', ...]
 */
export function comparisonEntries(epochs: number): ComparisonEntry[] {
  const drwEpoch = Math.min(epochs - 1, Math.max(0, Math.floor(0.8 * epochs)));
  const crtEpochs = Math.max(1, Math.round(epochs / 10));
  const betas = [0.999, 0.9999];
  const gammas = [1, 2];
  return [
    { name: 'softmax', candidates: [{ loss: { method: 'softmax' } }] },
    { name: 'CB softmax', candidates: betas.map((beta) => ({ loss: { method: 'softmax', beta } })) },
    { name: 'CB softmax + DRW', candidates: betas.map((beta) => ({ loss: { method: 'softmax', beta, drwEpoch } })) },
    { name: 'focal', candidates: gammas.map((gamma) => ({ loss: { method: 'focal', parameters: { gamma } } })) },
    { name: 'CB focal', candidates: betas.flatMap((beta) => gammas.map((gamma) => ({ loss: { method: 'focal', beta, parameters: { gamma } } }))) },
    { name: 'LDAM-DRW', candidates: [{ loss: { method: 'ldam', beta: 0.9999, drwEpoch } }] },
    { name: 'logit-adjusted loss', candidates: [0.5, 1].map((tau) => ({ loss: { method: 'logit-adjusted', parameters: { tau } } })) },
    { name: 'post-hoc logit adjustment', candidates: [0.5, 1, 1.5].map((posthocTau) => ({ loss: { method: 'softmax', posthocTau } })) },
    { name: 'balanced softmax', candidates: [{ loss: { method: 'balanced-softmax' } }] },
    { name: 'class-balanced sampling', candidates: [{ loss: { method: 'softmax' }, data: { sampler: 'class-balanced' } }] },
    { name: 'cRT', candidates: [{ loss: { method: 'softmax' }, model: { crtEpochs } }] },
  ];
}
