import fc from 'fast-check';
import { confusionMatrix, perClassAccuracy } from 'class-balanced-loss';
import { describe, expect, it } from 'vitest';
import { confusionMatrixProblem } from '../../src/eval/confusionMatrixProblem.js';
import { perClassAccuracyOf, sparseConfusionMatrix } from '../../src/eval/sparseConfusionMatrix.js';
import {
  DENSE_CONFUSION_MAX_CLASSES,
  confusionMatrixClasses,
  isSparseConfusionMatrix,
  storedConfusionMatrix,
  toDenseConfusionMatrix,
  toSparseConfusionMatrix,
} from '../../src/eval/storedConfusionMatrix.js';

// Seeded so that runs are reproducible; fast-check prints the seed and the counterexample on failure.
const params = { seed: 20190105, numRuns: 80 };

/** C classes and N (labels, predictions) pairs, labels and predictions each in [0, C). */
const evaluations = fc.integer({ min: 1, max: 12 }).chain((classes) =>
  fc.record({
    classes: fc.constant(classes),
    pairs: fc.array(fc.tuple(fc.integer({ min: 0, max: classes - 1 }), fc.integer({ min: 0, max: classes - 1 })), { maxLength: 60 }),
  }),
);

describe('sparseConfusionMatrix', () => {
  it('holds the nonzero cells of the library dense confusionMatrix, sorted, at most one per sample', () => {
    fc.assert(
      fc.property(evaluations, ({ classes, pairs }) => {
        const labels = pairs.map(([t]) => t);
        const predictions = pairs.map(([, p]) => p);
        const sparse = sparseConfusionMatrix(labels, predictions, classes);
        expect(sparse.numClasses).toBe(classes);
        expect(toDenseConfusionMatrix(sparse)).toEqual(confusionMatrix(labels, predictions, classes));
        expect(sparse.entries.length).toBeLessThanOrEqual(pairs.length);
        expect(sparse.entries.every(([, , count]) => Number.isInteger(count) && count > 0)).toBe(true);
        const keys = sparse.entries.map(([t, p]) => t * classes + p);
        expect(keys).toEqual([...keys].sort((a, b) => a - b));
        expect(new Set(keys).size).toBe(keys.length);
        expect(confusionMatrixProblem(sparse, classes)).toBeUndefined();
      }),
      params,
    );
  });

  it('gives per-class accuracy equal to the library perClassAccuracy, null for a class without samples', () => {
    fc.assert(
      fc.property(evaluations, ({ classes, pairs }) => {
        const labels = pairs.map(([t]) => t);
        const predictions = pairs.map(([, p]) => p);
        // Exactly equal: the same integer counts and the same division.
        expect(perClassAccuracyOf(sparseConfusionMatrix(labels, predictions, classes))).toEqual(perClassAccuracy(labels, predictions, classes));
      }),
      params,
    );
    expect(perClassAccuracyOf(sparseConfusionMatrix([0, 0, 1], [0, 1, 1], 3))).toEqual([50, 100, null]);
  });

  it('counts repeated cells and keeps its size independent of the number of classes', () => {
    expect(sparseConfusionMatrix([0, 0, 2], [0, 0, 1], 3)).toEqual({ format: 'sparse', numClasses: 3, entries: [[0, 0, 2], [2, 1, 1]] });
    // 1,000,000 classes (10¹² dense cells), two samples: two entries.
    expect(sparseConfusionMatrix(Int32Array.from([999_999, 5]), Int32Array.from([3, 5]), 1_000_000).entries).toEqual([[5, 5, 1], [999_999, 3, 1]]);
    expect(sparseConfusionMatrix([], [], 4)).toEqual({ format: 'sparse', numClasses: 4, entries: [] });
  });

  it('rejects bad class counts, ids and lengths, naming the argument', () => {
    expect(() => sparseConfusionMatrix([0], [0], 0)).toThrow("sparseConfusionMatrix: 'numClasses' must be a positive integer; got 0.");
    expect(() => sparseConfusionMatrix([0, 3], [0, 1], 3)).toThrow("sparseConfusionMatrix: 'labels' must be class ids in [0, 3); got 3 at index 1.");
    expect(() => sparseConfusionMatrix([0, 1], [0.5, 1], 3)).toThrow("sparseConfusionMatrix: 'predictions' must be class ids in [0, 3); got 0.5 at index 0.");
    expect(() => sparseConfusionMatrix([0, 1], [0], 3)).toThrow(
      expect.objectContaining({ code: 'shape-mismatch', message: "sparseConfusionMatrix: 'predictions' must have as many entries as 'labels' (2); got 1." }),
    );
  });
});

describe('storedConfusionMatrix', () => {
  it(`stores dense up to ${DENSE_CONFUSION_MAX_CLASSES} classes (the format of every earlier results.json) and sparse beyond`, () => {
    const at = (classes: number) => storedConfusionMatrix(sparseConfusionMatrix([0, classes - 1, classes - 1], [1, classes - 1, 0], classes));
    const small = at(DENSE_CONFUSION_MAX_CLASSES);
    expect(isSparseConfusionMatrix(small)).toBe(false);
    expect(small).toHaveLength(DENSE_CONFUSION_MAX_CLASSES);
    expect((small as number[][])[0]![1]).toBe(1);
    const large = at(DENSE_CONFUSION_MAX_CLASSES + 1);
    expect(large).toEqual({ format: 'sparse', numClasses: 101, entries: [[0, 1, 1], [100, 0, 1], [100, 100, 1]] });
    expect(confusionMatrixClasses(small)).toBe(100);
    expect(confusionMatrixClasses(large)).toBe(101);
  });

  it('converts between the formats without changing a count', () => {
    const dense = [[5, 2, 0], [0, 0, 0], [1, 0, 3]];
    const sparse = toSparseConfusionMatrix(dense);
    expect(sparse).toEqual({ format: 'sparse', numClasses: 3, entries: [[0, 0, 5], [0, 1, 2], [2, 0, 1], [2, 2, 3]] });
    expect(toDenseConfusionMatrix(sparse)).toEqual(dense);
    expect(toSparseConfusionMatrix(sparse)).toBe(sparse);
    const copy = toDenseConfusionMatrix(dense);
    expect(copy).toEqual(dense);
    expect(copy[0]).not.toBe(dense[0]);
  });
});

describe('confusionMatrixProblem', () => {
  it('accepts both formats with the right classes and says what is wrong otherwise', () => {
    expect(confusionMatrixProblem([[1, 2], [3, 4]], 2)).toBeUndefined();
    expect(confusionMatrixProblem({ format: 'sparse', numClasses: 2, entries: [[1, 0, 4]] }, 2)).toBeUndefined();
    expect(confusionMatrixProblem([[1, 2]], 2)).toEqual({ field: '', rule: 'with one row per class (2)', got: '1 rows' });
    expect(confusionMatrixProblem([[1, 2], [3]], 2)).toEqual({ field: '[1]', rule: 'with one entry per class (2)', got: '1' });
    expect(confusionMatrixProblem([[1, 2], [3, '4']], 2)).toEqual({ field: '[1]', rule: 'as an array of numbers', got: '[3,"4"]' });
    expect(confusionMatrixProblem('dense', 2)?.rule).toBe("as an array of rows (dense) or { format: 'sparse', numClasses, entries }");
    expect(confusionMatrixProblem({ format: 'csr', numClasses: 2, entries: [] }, 2)).toMatchObject({ field: '', got: 'format "csr"' });
    expect(confusionMatrixProblem({ format: 'sparse', numClasses: 3, entries: [] }, 2)).toEqual({ field: '.numClasses', rule: 'as the number of classes (2)', got: '3' });
    expect(confusionMatrixProblem({ format: 'sparse', numClasses: 2 }, 2)).toMatchObject({ field: '.entries', got: 'nothing' });
    const entry = (e: unknown) => confusionMatrixProblem({ format: 'sparse', numClasses: 2, entries: [[0, 0, 1], e] }, 2);
    for (const bad of [[0, 2, 1], [-1, 0, 1], [0, 1, 0], [0, 1, 1.5], [0, 1], [0, 1, 1, 1], '0,1,1']) {
      expect(entry(bad), JSON.stringify(bad)).toMatchObject({
        field: '.entries[1]',
        rule: 'as [true class, predicted class, count] with classes in [0, 2) and a positive integer count',
      });
    }
    expect(entry([0, 0, 2])).toEqual({ field: '.entries[1]', rule: 'as a cell no earlier entry lists', got: '[0,0,2]' });
  });
});
