import { effectiveNumbers, shotAccuracy } from 'class-balanced-loss';
import { describe, expect, it } from 'vitest';
import { perClassAccuracyOf, sparseConfusionMatrix } from '../../src/eval/sparseConfusionMatrix.js';
import { storedConfusionMatrix } from '../../src/eval/storedConfusionMatrix.js';
import { buildRunResults, runResultsText, type FinishedRun } from '../../src/run/buildRunResults.js';
import { parseRunResults } from '../../src/run/parseRunResults.js';
import { cblossVersion } from '../../src/run/version.js';
import { CB_FOCAL_RUN } from '../report/fixtures.js';

/** The test metrics of `labels` predicted as `predicted`, as evaluateSplit computes them. */
function evaluation(labels: number[], predicted: number[], trainCounts: number[]): FinishedRun['test'] {
  const confusion = sparseConfusionMatrix(labels, predicted, trainCounts.length);
  const accuracy = perClassAccuracyOf(confusion);
  const wrong = labels.filter((l, i) => predicted[i] !== l).length;
  return { top1Error: (100 * wrong) / labels.length, perClassAccuracy: accuracy, confusionMatrix: storedConfusionMatrix(confusion), shotAccuracy: shotAccuracy(accuracy, trainCounts) };
}

/** A finished run of `classes` classes: 2 test samples of every 10th class, one of every 20th mistaken. */
function finished(classes: number, extra: Partial<FinishedRun> = {}): FinishedRun {
  const labels = Array.from({ length: classes / 5 }, (_, i) => (10 * i) % classes);
  const predicted = labels.map((c, i) => (i % 2 === 1 && i >= classes / 10 ? (c + 1) % classes : c));
  const samplesPerClass = Array.from({ length: classes }, (_, c) => 1000 - Math.floor((990 * c) / classes));
  const testSamplesPerClass = new Array<number>(classes).fill(0);
  for (const l of labels) testSamplesPerClass[l]!++;
  return {
    options: { ...CB_FOCAL_RUN.options, output: { ...CB_FOCAL_RUN.options.output, name: 'many' } },
    backend: 'cpu',
    dataset: { name: 'csv:many.csv', source: 'many.csv', classNames: Array.from({ length: classes }, (_, c) => `class ${c}`) },
    samplesPerClass,
    testSamplesPerClass,
    classWeights: new Float64Array(classes).fill(1),
    test: evaluation(labels, predicted, samplesPerClass),
    training: { history: CB_FOCAL_RUN.history, imagesPerSecond: 100, trainSeconds: 3 },
    startedAt: '2026-12-07T04:00:00.000Z',
    ...extra,
  };
}

describe('buildRunResults', () => {
  it('makes the results.json of a run: counts, effective numbers, metrics, history, in a fixed order', () => {
    const run = finished(10, { validationError: 12.5 });
    const results = buildRunResults(run);
    expect(Object.keys(results)).toEqual([
      'name', 'version', 'backend', 'options', 'dataset', 'samplesPerClass', 'testSamplesPerClass', 'effectiveNumbers', 'classWeights', 'top1Error',
      'perClassAccuracy', 'shotAccuracy', 'confusionMatrix', 'validationError', 'history', 'imagesPerSecond', 'trainSeconds', 'startedAt', 'finishedAt',
    ]);
    expect(results).toMatchObject({ name: 'many', version: cblossVersion(), backend: 'cpu', validationError: 12.5, startedAt: run.startedAt, top1Error: run.test.top1Error });
    expect(results.effectiveNumbers).toEqual(effectiveNumbers(run.samplesPerClass, 0.99));
    expect(results.classWeights).toEqual(new Array<number>(10).fill(1));
    expect(Array.isArray(results.classWeights)).toBe(true);
    expect(Date.parse(results.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    // A streamed run: top-5 error after top-1, skipped images after the matrix, the processes after the backend.
    const streamed = buildRunResults(finished(10, { test: { ...run.test, top5Error: 1.5 }, skippedImages: 0, processes: 2 }));
    expect(Object.keys(streamed).join()).toContain('backend,processes,options');
    expect(Object.keys(streamed).join()).toContain('top1Error,top5Error,perClassAccuracy');
    expect(Object.keys(streamed).join()).toContain('confusionMatrix,skippedImages,history');
    expect(streamed).toMatchObject({ top5Error: 1.5, skippedImages: 0, processes: 2 });
    expect(streamed).not.toHaveProperty('validationError');
  });

  it('writes a results.json of 5,000 classes in O(C + N_eval) characters, which parses back the same', () => {
    const classes = 5000;
    const results = buildRunResults(finished(classes));
    const text = runResultsText(results);
    expect(results.confusionMatrix).toMatchObject({ format: 'sparse', numClasses: classes });
    // 1,000 test samples → 750 cells. Dense, the matrix alone would be 25 M numbers (≥ 50 M characters).
    expect((results.confusionMatrix as { entries: unknown[] }).entries).toHaveLength(750);
    expect(text.length).toBeLessThan(200 * classes + 100 * 1000);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseRunResults('report', 'many/results.json', text)).toEqual(JSON.parse(text));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(results)));
  });
});
