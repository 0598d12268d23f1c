import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { perClassAccuracyOf } from '../../src/eval/sparseConfusionMatrix.js';
import { toDenseConfusionMatrix, toSparseConfusionMatrix } from '../../src/eval/storedConfusionMatrix.js';
import { parseRunResults } from '../../src/run/parseRunResults.js';
import type { RunResults } from '../../src/types.js';
import { CB_FOCAL_RUN } from '../report/fixtures.js';

const parsed = (run: unknown): RunResults => parseRunResults('report', 'runs/a/results.json', JSON.stringify(run));

describe('parseRunResults: the confusion matrix', () => {
  it('reads a results.json written by cbloss 0.1 (dense matrix, flat options) as it always did', () => {
    const file = new URL('../../../../results/fmnist-if100-seeds/if100-focal-b0-g2-s1/results.json', import.meta.url);
    const text = readFileSync(file, 'utf8');
    const run = parseRunResults('report', 'results.json', text);
    const raw = JSON.parse(text) as { confusionMatrix: number[][] };
    expect(run.confusionMatrix).toEqual(raw.confusionMatrix);
    expect(raw.confusionMatrix).toHaveLength(10);
    // Its per-class accuracy is what its matrix says.
    const fromMatrix = perClassAccuracyOf(toSparseConfusionMatrix(run.confusionMatrix));
    fromMatrix.forEach((accuracy, c) => expect(accuracy).toBeCloseTo(run.perClassAccuracy[c] as number, 10));
  });

  it('round-trips dense and sparse matrices, with the same counts and per-class numbers', () => {
    const dense = parsed(CB_FOCAL_RUN);
    const sparse = parsed({ ...CB_FOCAL_RUN, confusionMatrix: toSparseConfusionMatrix(CB_FOCAL_RUN.confusionMatrix) });
    expect(dense).toEqual(JSON.parse(JSON.stringify(CB_FOCAL_RUN)));
    expect(sparse.confusionMatrix).toEqual({ format: 'sparse', numClasses: 3, entries: toSparseConfusionMatrix(CB_FOCAL_RUN.confusionMatrix).entries });
    expect(toDenseConfusionMatrix(sparse.confusionMatrix)).toEqual(dense.confusionMatrix);
    expect(perClassAccuracyOf(toSparseConfusionMatrix(sparse.confusionMatrix))).toEqual(perClassAccuracyOf(toSparseConfusionMatrix(dense.confusionMatrix)));
  });

  it('reads a sparse matrix of 5,000 classes', () => {
    const classes = 5000;
    const names = Array.from({ length: classes }, (_, c) => `c${c}`);
    const zeros = new Array<number>(classes).fill(0);
    const big = {
      ...CB_FOCAL_RUN,
      dataset: { ...CB_FOCAL_RUN.dataset, classNames: names },
      samplesPerClass: zeros, testSamplesPerClass: zeros, effectiveNumbers: zeros, classWeights: zeros,
      perClassAccuracy: zeros.map((_, c) => (c === 4999 ? 0 : null)),
      confusionMatrix: { format: 'sparse', numClasses: classes, entries: [[4999, 0, 3]] },
    };
    expect(parsed(big).confusionMatrix).toEqual(big.confusionMatrix);
  });

  it('names the file and the field of a damaged matrix', () => {
    const bad = (confusionMatrix: unknown): (() => RunResults) => () => parsed({ ...CB_FOCAL_RUN, confusionMatrix });
    const message = (rest: string): string => `report: 'runs/a/results.json' must have ${rest}.`;
    expect(bad([[1, 2, 3], [1, 2], [1, 2, 3]])).toThrow(message("'confusionMatrix[1]' with one entry per class (3); got 2"));
    expect(bad([[1, 2, 3]])).toThrow(message("'confusionMatrix' with one row per class (3); got 1 rows"));
    expect(bad('dense')).toThrow(message(`'confusionMatrix' as an array of rows or a sparse matrix ({ format: 'sparse', numClasses, entries }); got "dense"`));
    expect(bad({ format: 'sparse', numClasses: 4, entries: [] })).toThrow(message("'confusionMatrix.numClasses' as the number of classes (3); got 4"));
    expect(bad({ format: 'sparse', numClasses: 3, entries: [[0, 0, 1], [2, 3, 1]] })).toThrow(
      message("'confusionMatrix.entries[1]' as [true class, predicted class, count] with classes in [0, 3) and a positive integer count; got [2,3,1]"),
    );
    expect(bad({ format: 'sparse', numClasses: 3, entries: [[0, 0, 1], [0, 0, 1]] })).toThrow(message("'confusionMatrix.entries[1]' as a cell no earlier entry lists; got [0,0,1]"));
    expect(bad({ numClasses: 3, entries: [] })).toThrow(expect.objectContaining({ code: 'invalid-file' }));
  });
});
