// Golden values computed in float64 from the formulas of Cui et al. (CVPR 2019) as the official code applies
// them; provenance and field meanings in shared/golden/README.md. Copied next to the tests as
// test/fixtures/cb_loss_seed1.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GoldenLossCase {
  counts: number[];
  beta: number;
  gamma: number;
  logits: number[][];
  labels: number[];
  weights: number[];
  results: Record<'softmax' | 'sigmoid' | 'focal', { loss: number; grad: number[][] }>;
}

export interface Golden {
  effectiveNumber: { n: number; beta: number; value: number }[];
  weights: { counts: number[]; beta: number; weights: number[] }[];
  losses: GoldenLossCase[];
}

export const golden: Golden = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/cb_loss_seed1.json', import.meta.url)), 'utf8'),
) as Golden;
