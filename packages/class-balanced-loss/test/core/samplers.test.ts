import { describe, expect, it } from 'vitest';
import {
  CbLossError,
  createRng,
  indexBatches,
  resolveSampler,
  sampleEpoch,
  samplerGenerator,
  SAMPLER_NAMES,
  samplerClassProbabilities,
  SAMPLERS,
  type SamplerName,
} from '../../src/core/index.js';
import { expectClose } from '../helpers/close.js';

const COUNTS = [1000, 300, 100, 30, 10];
/** Class ids of a long-tailed data set with COUNTS, classes interleaved (index order is not class order). */
const LABELS = (() => {
  const labels: number[] = [];
  const left = COUNTS.slice();
  while (left.some((n) => n > 0)) left.forEach((n, c) => n > 0 && (labels.push(c), (left[c] = n - 1)));
  return labels;
})();
const N = LABELS.length;

/** The expected p_c of each sampler, written out independently of the registry. */
function expectedProbabilities(sampler: SamplerName, counts: number[], t = 0): number[] {
  const present = counts.filter((n) => n > 0).length;
  const total = counts.reduce((a, b) => a + b, 0);
  const rootTotal = counts.reduce((a, n) => a + Math.sqrt(n), 0);
  const uniform = counts.map((n) => (n > 0 ? 1 / present : 0));
  const instance = counts.map((n) => n / total);
  switch (sampler) {
    case 'instance':
      return instance;
    case 'class-balanced':
      return uniform;
    case 'square-root':
      return counts.map((n) => Math.sqrt(n) / rootTotal);
    case 'progressive':
      return instance.map((p, c) => (1 - t) * p + t * (uniform[c] as number));
  }
}

/** How many draws of each class. */
function classCounts(indices: Int32Array, labels: number[], numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const i of indices) counts[labels[i] as number]! += 1;
  return counts;
}

/**
 * Each class's number of draws K_c is Binomial(L, p_c) (classes are drawn independently): |K_c − L·p_c| must be
 * within 5 standard deviations (a false alarm about once in 1.7 million checks).
 */
function expectBinomial(observed: number[], probabilities: number[], draws: number, what: string): void {
  observed.forEach((k, c) => {
    const p = probabilities[c] as number;
    const sd = Math.sqrt(draws * p * (1 - p));
    if (!(Math.abs(k - draws * p) <= 5 * sd)) throw new Error(`${what}: class ${c} drawn ${k} times, expected ${draws * p} ± 5·${sd.toFixed(2)}`);
  });
}

describe('createRng (the cbloss generator, in the core)', () => {
  it('is reproducible, restorable, forks without advancing, and uniform', () => {
    expect(createRng(1).next()).toBe(0.1657054431270808);
    const a = createRng(7);
    a.next();
    const restored = createRng({ state: a.state() });
    expect([a.next(), a.next()]).toEqual([restored.next(), restored.next()]);
    const b = createRng(7);
    const before = b.state();
    const fork = b.fork('x');
    expect(b.state()).toBe(before);
    expect(fork.next()).toBe(createRng(7).fork('x').next());
    expect(fork.next()).not.toBe(createRng(7).fork('y').next());
    const rng = createRng(3);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // mean of 20000 uniforms: 0.5 ± 5·sqrt(1/12/20000)
    expect(Math.abs(sum / 20000 - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 20000));
  });
});

describe('the sampler registry', () => {
  it('lists four samplers, each complete; resolveSampler suggests the nearest name', () => {
    expect(SAMPLER_NAMES).toEqual(['instance', 'class-balanced', 'square-root', 'progressive']);
    for (const s of SAMPLERS) {
      expect(s.reference).toMatch(/arXiv:\d{4}\.\d{5}/);
      expect(s.summary.length).toBeGreaterThan(0);
      expect(resolveSampler(s.name)).toBe(s);
    }
    expect(() => resolveSampler('square_root', { caller: 'train', argument: '--sampler' })).toThrow(
      "train: '--sampler' must be one of 'instance', 'class-balanced', 'square-root', 'progressive'; got 'square_root' (did you mean 'square-root'?).",
    );
    expect(() => resolveSampler(3)).toThrow(/^resolveSampler: 'sampler' must be one of .*; got 3\.$/);
  });

  it('class probabilities: instance n/N, class-balanced 1/C, square-root √n/Σ√n, progressive interpolates with t = epoch/T', () => {
    for (const sampler of SAMPLER_NAMES) {
      for (const [epoch, t] of [[0, 0], [3, 0.3], [10, 1], [14, 1]] as const) {
        const p = samplerClassProbabilities(sampler, COUNTS, { epoch, numEpochs: 10 });
        expectClose(p, expectedProbabilities(sampler, COUNTS, t), { relTol: 1e-14, absTol: 1e-16, what: `${sampler} t=${t}` });
        expectClose(p.reduce((a, b) => a + b, 0), 1, { relTol: 1e-14, absTol: 0 });
      }
    }
    expect(samplerClassProbabilities('square-root', [900, 100])).toEqual([0.75, 0.25]);
    expectClose(samplerClassProbabilities('progressive', [900, 100], { epoch: 5, numEpochs: 10 }), [0.7, 0.3], { relTol: 1e-15, absTol: 0 });
    // a class without examples is never drawn; class-balanced is uniform over the others
    expect(samplerClassProbabilities('class-balanced', [5, 0, 1, 2])).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
    expect(samplerClassProbabilities('square-root', [4, 0])).toEqual([1, 0]);
  });
});

describe('sampleEpoch', () => {
  it("'instance' is a permutation of every example: the stream fork('shuffle:' + epoch) of the seed, as the CLI's shuffling", () => {
    for (const epoch of [0, 1, 5]) {
      const order = sampleEpoch(LABELS, { sampler: 'instance', seed: 42, epoch });
      expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
      const identity = Int32Array.from({ length: N }, (_, i) => i);
      expect(order).toEqual(createRng(42).fork(`shuffle:${epoch}`).shuffle(identity));
      expect(classCounts(order, LABELS, 5)).toEqual(COUNTS);
    }
    // a longer epoch chains permutations: every example exactly twice in 2N draws
    const twice = sampleEpoch(LABELS, { sampler: 'instance', seed: 42, epoch: 0, samplesPerEpoch: 2 * N });
    expect(classCounts(twice, LABELS, 5)).toEqual(COUNTS.map((n) => 2 * n));
    expect(twice.subarray(0, N)).toEqual(sampleEpoch(LABELS, { sampler: 'instance', seed: 42, epoch: 0 }));
  });

  it('class frequencies follow each sampler within binomial bounds, for several seeds and epochs', () => {
    const draws = 20000;
    for (const sampler of ['class-balanced', 'square-root', 'progressive'] as const) {
      for (const seed of [1, 2, 3]) {
        for (const epoch of [0, 4]) {
          const indices = sampleEpoch(LABELS, { sampler, seed, epoch, numEpochs: 10, samplesPerEpoch: draws });
          expect(indices.length).toBe(draws);
          const expected = expectedProbabilities(sampler, COUNTS, epoch / 10);
          expectBinomial(classCounts(indices, LABELS, 5), expected, draws, `${sampler} seed ${seed} epoch ${epoch}`);
        }
      }
    }
  });

  it('the bounds discriminate: square-root draws are not class-balanced and class-balanced draws are not instance-balanced', () => {
    const draws = 20000;
    const root = classCounts(sampleEpoch(LABELS, { sampler: 'square-root', seed: 1, epoch: 0, samplesPerEpoch: draws }), LABELS, 5);
    expect(() => expectBinomial(root, expectedProbabilities('class-balanced', COUNTS), draws, 'root vs balanced')).toThrow();
    const balanced = classCounts(sampleEpoch(LABELS, { sampler: 'class-balanced', seed: 1, epoch: 0 }), LABELS, 5);
    expect(() => expectBinomial(balanced, expectedProbabilities('instance', COUNTS), N, 'balanced vs instance')).toThrow();
  });

  it('within a class, examples are drawn in cycles: their draw counts differ by at most 1', () => {
    const indices = sampleEpoch(LABELS, { sampler: 'class-balanced', seed: 9, epoch: 2, samplesPerEpoch: 5000 });
    const perExample = new Array<number>(N).fill(0);
    for (const i of indices) perExample[i]! += 1;
    for (let c = 0; c < 5; c++) {
      const draws = perExample.filter((_, i) => LABELS[i] === c);
      expect(Math.max(...draws) - Math.min(...draws), `class ${c}`).toBeLessThanOrEqual(1);
    }
    // the rarest class (10 examples, 1/5 of 5000 draws ≈ 1000) repeats each example about 100 times
    expect(perExample[LABELS.indexOf(4)]).toBeGreaterThan(80);
  });

  it('is deterministic for (seed, epoch), different across seeds and epochs, and never draws a class without examples', () => {
    for (const sampler of SAMPLER_NAMES) {
      const options = { sampler, seed: 5, epoch: 3, numEpochs: 8 };
      expect(sampleEpoch(LABELS, options)).toEqual(sampleEpoch(LABELS, options));
      expect(sampleEpoch(LABELS, options)).not.toEqual(sampleEpoch(LABELS, { ...options, epoch: 4 }));
      expect(sampleEpoch(LABELS, options)).not.toEqual(sampleEpoch(LABELS, { ...options, seed: 6 }));
    }
    const gappy = [0, 0, 0, 2, 2, 4]; // classes 1 and 3 have no example
    const drawn = sampleEpoch(gappy, { sampler: 'class-balanced', seed: 1, epoch: 0, numClasses: 6, samplesPerEpoch: 3000 });
    const counts = classCounts(drawn, gappy, 6);
    expect([counts[1], counts[3], counts[5]]).toEqual([0, 0, 0]);
    expectBinomial(counts, [1 / 3, 0, 1 / 3, 0, 1 / 3, 0], 3000, 'gappy');
  });
});

describe('indexBatches', () => {
  it('splits the epoch into batches, resumes at startBatch with exactly the remaining indices, drops the remainder on request', () => {
    for (const sampler of SAMPLER_NAMES) {
      const options = { sampler, seed: 11, epoch: 2, numEpochs: 6, batchSize: 128 };
      const epoch = sampleEpoch(LABELS, options);
      const batches = [...indexBatches(LABELS, options)];
      expect(batches.length).toBe(Math.ceil(N / 128));
      expect(batches.slice(0, -1).every((b) => b.length === 128)).toBe(true);
      expect(Int32Array.from(batches.flatMap((b) => Array.from(b)))).toEqual(epoch);
      for (const startBatch of [1, 7, batches.length]) {
        const rest = [...indexBatches(LABELS, { ...options, startBatch })];
        expect(rest).toEqual(batches.slice(startBatch));
      }
      const full = [...indexBatches(LABELS, { ...options, dropRemainder: true })];
      expect(full).toEqual(batches.slice(0, Math.floor(N / 128)));
    }
  });

  it('checks its arguments when called, not at the first batch', () => {
    expect(() => indexBatches(LABELS, { sampler: 'instance', seed: 1, epoch: 0, batchSize: 0 })).toThrow("indexBatches: 'batchSize' must be an integer >= 1; got 0.");
    expect(() => indexBatches(LABELS, { sampler: 'instance', seed: 1, epoch: 0, batchSize: 100, startBatch: 16 })).toThrow(
      "indexBatches: 'startBatch' must be at most the number of batches of the epoch (15); got 16.",
    );
    expect(() => indexBatches(LABELS, { sampler: 'progresive' as never, seed: 1, epoch: 0, batchSize: 8 })).toThrow(/indexBatches: 'sampler' must be one of .*did you mean 'progressive'\?/);
    expect(() => indexBatches(LABELS, { sampler: 'progressive', seed: 1, epoch: 0, batchSize: 8 })).toThrow(
      "indexBatches: 'numEpochs' must be given (an integer >= 1) for the 'progressive' sampler; got undefined.",
    );
  });
});

describe('samplerGenerator', () => {
  it('each iterator read is the next epoch; iterators never read (fitDataset makes one up front) take no epoch', () => {
    const options = { sampler: 'progressive', seed: 4, numEpochs: 3, batchSize: 500 } as const;
    const generator = samplerGenerator(LABELS, options);
    const unused = generator();
    const epochs = [0, 1, 2].map(() => Int32Array.from([...generator()].flatMap((b) => Array.from(b))));
    epochs.forEach((indices, epoch) => expect(indices, `epoch ${epoch}`).toEqual(sampleEpoch(LABELS, { ...options, epoch })));
    // an iterator is numbered when first read, so the one created first but read last is epoch 3
    expect(unused.next().value).toEqual(sampleEpoch(LABELS, { ...options, epoch: 3 }).slice(0, 500));
    const later = samplerGenerator(LABELS, { ...options, firstEpoch: 2 })();
    expect(later.next().value).toEqual(sampleEpoch(LABELS, { ...options, epoch: 2 }).slice(0, 500));
    expect(() => samplerGenerator(LABELS, { ...options, firstEpoch: -1 })).toThrow("samplerGenerator: 'firstEpoch' must be an integer >= 0; got -1.");
    expect(() => samplerGenerator(LABELS, { ...options, batchSize: 0 })).toThrow("samplerGenerator: 'batchSize' must be an integer >= 1; got 0.");
  });
});

describe('bad inputs give a CbLossError naming the function called', () => {
  it('sampleEpoch', () => {
    const base = { sampler: 'class-balanced', seed: 1, epoch: 0 } as const;
    const cases: [() => unknown, string][] = [
      [() => sampleEpoch([], base), "sampleEpoch: 'labels' must be a non-empty list of class ids; got []."],
      [() => sampleEpoch([0, -1], base), "sampleEpoch: 'labels[1]' must be an integer class id >= 0; got -1."],
      [() => sampleEpoch([0, 1.5], base), "sampleEpoch: 'labels[1]' must be an integer class id >= 0; got 1.5."],
      [() => sampleEpoch([0, 3], { ...base, numClasses: 3 }), "sampleEpoch: 'labels[1]' must be an integer class id in [0, 2]; got 3."],
      [() => sampleEpoch('abc' as never, base), "sampleEpoch: 'labels' must be an array of numbers; got 'abc'."],
      [() => sampleEpoch(7 as never, base), "sampleEpoch: 'labels' must be an array of numbers; got 7."],
      [() => sampleEpoch([0, 1], { ...base, seed: -1 }), "sampleEpoch: 'seed' must be an integer >= 0; got -1."],
      [() => sampleEpoch([0, 1], { ...base, epoch: 0.5 }), "sampleEpoch: 'epoch' must be an integer >= 0; got 0.5."],
      [() => sampleEpoch([0, 1], { ...base, samplesPerEpoch: 0 }), "sampleEpoch: 'samplesPerEpoch' must be an integer >= 1; got 0."],
      [() => sampleEpoch([0, 1], { ...base, sampler: 'progressive', numEpochs: 0 }), "sampleEpoch: 'numEpochs' must be an integer >= 1; got 0."],
      [() => sampleEpoch([0, 1], null as never), "sampleEpoch: 'options' must be an object; got null."],
      [() => samplerClassProbabilities('instance', [0, 0]), "samplerClassProbabilities: 'samplesPerClass' must have at least one class with samples; got [0, 0]."],
      [() => samplerClassProbabilities('progressive', [3, 1]), "samplerClassProbabilities: 'numEpochs' must be given (an integer >= 1) for the 'progressive' sampler; got undefined."],
    ];
    for (const [f, message] of cases) {
      expect(f).toThrow(CbLossError);
      expect(f).toThrow(message);
    }
  });
});
