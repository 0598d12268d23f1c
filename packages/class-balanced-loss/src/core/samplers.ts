/** How a sampler turns class probabilities into example indices. */
export type SamplerDraw = 'permutation' | 'classThenExample';

/** One entry of the sampler registry ({@link SAMPLERS}). */
export interface SamplerDefinition {
  /** The name users type and code passes (e.g. `'class-balanced'`). */
  readonly name: string;
  /** Short label for tables and plots. */
  readonly label: string;
  /** One line for `--help` and the docs. */
  readonly summary: string;
  /** Where the sampler comes from (authors, year, arXiv id). */
  readonly reference: string;
  /** Whether its class probabilities change over training (it then needs the number of epochs). */
  readonly usesEpochs: boolean;
  /**
   * `'permutation'`: every example exactly once per epoch, shuffled; `'classThenExample'`: each draw picks a class
   * c with probability p_c, then the next example of c's shuffled cycle (every example of a class is drawn once
   * before any is drawn again).
   */
  readonly draw: SamplerDraw;
  /**
   * The probability p_c that a draw comes from class c, given the class counts n_c and the training progress
   * t = epoch / numEpochs in [0, 1]; classes without examples get 0. Float64, sums to 1.
   */
  readonly classProbabilities: (samplesPerClass: readonly number[], progress: number) => number[];
}

const KANG = 'Kang et al., Decoupling Representation and Classifier for Long-Tailed Recognition, ICLR 2020 (arXiv:1910.09217)';

/** p_c ∝ n_c^q, 0 for a class without examples (so q = 0 is uniform over the classes that have examples). */
function powerProbabilities(samplesPerClass: readonly number[], q: number): number[] {
  const mass = samplesPerClass.map((n) => (n > 0 ? Math.pow(n, q) : 0));
  const total = mass.reduce((a, b) => a + b, 0);
  return mass.map((m) => m / total);
}

/**
 * The registry of data samplers for long-tailed training (Kang et al., arXiv:1910.09217, §3.1: p_c ∝ n_c^q with
 * q = 1, 0, ½, and the progressive interpolation): the single list that `sampleEpoch`, `indexBatches`, the CLI's
 * `--sampler` and its reports derive from.
 *
 * @example
 * SAMPLERS.map((s) => s.name); // ['instance', 'class-balanced', 'square-root', 'progressive']
 * resolveSampler('square-root').classProbabilities([900, 100], 0); // [0.75, 0.25]
 */
export const SAMPLERS = [
  {
    name: 'instance',
    label: 'instance-balanced',
    summary: 'every example once per epoch, shuffled (p_c ∝ n_c)',
    reference: KANG,
    usesEpochs: false,
    draw: 'permutation',
    classProbabilities: (counts) => powerProbabilities(counts, 1),
  },
  {
    name: 'class-balanced',
    label: 'class-balanced',
    summary: 'class-aware: a class uniformly at random, then one of its examples (p_c = 1/C)',
    reference: `Shen et al., Relay Backpropagation, ECCV 2016 (arXiv:1512.05830); ${KANG}`,
    usesEpochs: false,
    draw: 'classThenExample',
    classProbabilities: (counts) => powerProbabilities(counts, 0),
  },
  {
    name: 'square-root',
    label: 'square-root',
    summary: 'a class with probability ∝ √n_c, then one of its examples',
    reference: `Mahajan et al., Exploring the Limits of Weakly Supervised Pretraining, ECCV 2018 (arXiv:1805.00932); ${KANG}`,
    usesEpochs: false,
    draw: 'classThenExample',
    classProbabilities: (counts) => powerProbabilities(counts, 0.5),
  },
  {
    name: 'progressive',
    label: 'progressive',
    summary: 'from instance- to class-balanced over training: p_c = (1 − t)·n_c/N + t/C, t = epoch / epochs',
    reference: KANG,
    usesEpochs: true,
    draw: 'classThenExample',
    classProbabilities: (counts, t) => {
      const instance = powerProbabilities(counts, 1);
      const balanced = powerProbabilities(counts, 0);
      return instance.map((p, c) => (1 - t) * p + t * (balanced[c] as number));
    },
  },
] as const satisfies readonly SamplerDefinition[];

/** The name of a registered sampler, e.g. `'class-balanced'`. */
export type SamplerName = (typeof SAMPLERS)[number]['name'];

/** The registered sampler names, in registry order. */
export const SAMPLER_NAMES: readonly SamplerName[] = SAMPLERS.map((s) => s.name);
