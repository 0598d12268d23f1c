import { assertClassIds, assertInteger, createRng, invalidArgument } from 'class-balanced-loss';

/** Sample indices of the two parts of a {@link stratifiedSplit}, each in ascending order. */
export interface TrainTestSplit {
  readonly train: number[];
  readonly test: number[];
}

/**
 * Number of test samples held out of a class of `n` samples: `round(fraction·n)`, but at least 1 and at
 * most `n − 1` when the class has 2 or more samples (so every class is both trained on and evaluated), and
 * 0 for a class of 0 or 1 sample (kept for training).
 *
 * @example
 * heldOutCount(100, 0.2); // 20
 * heldOutCount(3, 0.2);   // 1 (round(0.6) = 1)
 * heldOutCount(2, 0.1);   // 1 (at least one test sample)
 * heldOutCount(1, 0.5);   // 0 (the only sample is needed for training)
 */
export function heldOutCount(n: number, fraction: number): number {
  if (n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
}

/**
 * Stratified train/test split: each class holds out {@link heldOutCount}(n_c, testFraction) of its samples,
 * chosen by a seeded shuffle (the library's `createRng`, the generator of the cbloss CLI), so that the test set
 * has the training set's class proportions and every class with 2 or more samples appears in both parts.
 *
 * @param labels - class id of each sample, integers in [0, numClasses).
 * @param numClasses - C ≥ 1.
 * @param testFraction - in [0, 1).
 * @param seed - any integer; the same seed gives the same split.
 * @example
 * stratifiedSplit([0, 0, 0, 0, 0, 1, 1], 2, 0.2, 1);
 * // { train: [4 indices of class 0, 1 of class 1], test: [1 index of class 0, 1 of class 1] }
 */
export function stratifiedSplit(labels: ArrayLike<number>, numClasses: number, testFraction: number, seed: number): TrainTestSplit {
  const fn = 'stratifiedSplit';
  assertInteger(fn, 'numClasses', numClasses, 1);
  assertClassIds(fn, 'labels', labels, numClasses);
  if (!(testFraction >= 0 && testFraction < 1)) throw invalidArgument(fn, 'testFraction', 'be in [0, 1)', testFraction);
  const rng = createRng(seed);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i] as number]?.push(i);
  const isTest = new Uint8Array(labels.length);
  for (const indices of byClass) {
    rng.shuffle(indices);
    for (const i of indices.slice(0, heldOutCount(indices.length, testFraction))) isTest[i] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  isTest.forEach((flag, i) => (flag === 1 ? test : train).push(i));
  return { train, test };
}
