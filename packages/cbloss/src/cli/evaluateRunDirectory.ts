import { logPriors } from 'class-balanced-loss';
import { selectBackend } from '../backend/selectBackend.js';
import { countPerClass } from '../data/countPerClass.js';
import { isStreamedDataset, loadDataset, openDatasetStream } from '../data/loadDataset.js';
import { createDecodePool } from '../data/stream/decodePool.js';
import { evaluateSplit } from '../eval/evaluate.js';
import { evaluateStream } from '../eval/evaluateStream.js';
import { normalizeBatch } from '../eval/normalization.js';
import { inOptionTerms, LOADER_ARGUMENT_PATHS } from '../run/inOptionTerms.js';
import { loadRunModel } from '../run/loadRunModel.js';
import type { BackendChoice, Dataset, RunResults } from '../types.js';
import { CblossError } from '../CblossError.js';

/**
 * Re-evaluates the model saved in a run directory on the test split of its dataset (or of `dataset`), with the
 * run's own input normalisation and many/medium/few-shot groups (from its training counts). Returns the run's
 * results with the test metrics replaced by the new ones. This is what `cbloss eval DIR` prints.
 *
 * @throws CblossError 'not-found' / 'invalid-file' for a missing or corrupt run, 'shape-mismatch' when the dataset
 * does not fit the model.
 * @example
 * const results = await evaluateRunDirectory('runs/cb-softmax', { backend: 'auto', log: console.error });
 * results.top1Error; // the same as at training time, on the same backend
 */
export async function evaluateRunDirectory(
  dir: string,
  options: { readonly dataset?: string; readonly dataDir?: string; readonly backend: BackendChoice; readonly posthocTau?: number; readonly log: (line: string) => void },
): Promise<RunResults> {
  await selectBackend(options.backend, { log: options.log });
  const run = await loadRunModel(dir);
  try {
    if (run.results === undefined) {
      throw new CblossError('not-found', `eval: '${dir}' must hold results.json next to model/; got none.`);
    }
    const saved = run.results.options;
    const spec = options.dataset ?? saved.data?.dataset ?? run.results.dataset.name;
    const dataDir = options.dataDir ?? saved.compute?.dataDir;
    // Post-hoc logit adjustment: the τ asked for, else the run's own (none when it trained without).
    const tau = options.posthocTau ?? run.results.options.loss?.posthocTau;
    const logitOffsets = tau === undefined ? undefined : logPriors(run.results.samplesPerClass).map((l) => -tau * l);
    if (isStreamedDataset(spec)) {
      // A streamed held-out split: decoded in the run's evaluation crop (its image size), scored with top-5 too.
      const streamed = openDatasetStream(spec, dataDir === undefined ? {} : { dataDir });
      if (streamed.numClasses !== run.classNames.length) {
        throw new CblossError('shape-mismatch', `eval: '--dataset' must have ${run.classNames.length} classes like the run; got '${spec}' with ${streamed.numClasses} classes.`);
      }
      options.log(`eval: ${dir} on the test split of ${spec} (${streamed.test.count} images, streamed)`);
      const pool = createDecodePool(streamed.test, { transform: { mode: 'eval', size: run.sampleShape[0] ?? 224 }, batchSize: 64, seed: saved.seed ?? 1, shuffle: false });
      try {
        const evaluation = await evaluateStream(run.model, pool, { numClasses: streamed.numClasses, trainSamplesPerClass: run.results.samplesPerClass, logitOffsets });
        const { labels: _labels, predictions: _predictions, ...metrics } = evaluation;
        return {
          ...run.results,
          dataset: { name: spec, source: streamed.source, classNames: streamed.classNames },
          testSamplesPerClass: countPerClass(evaluation.labels, streamed.numClasses),
          ...metrics,
          options: { ...run.results.options, loss: { ...run.results.options.loss, posthocTau: tau } },
        };
      } finally {
        await pool.close();
      }
    }
    const load = (): Promise<Dataset> => loadDataset(spec, { ...(dataDir === undefined ? {} : { dataDir }), seed: saved.seed ?? 1 });
    const dataset = await inOptionTerms('evaluateRunDirectory', load, LOADER_ARGUMENT_PATHS);
    const sameShape = dataset.sampleShape.length === run.sampleShape.length && dataset.sampleShape.every((d, i) => d === run.sampleShape[i]);
    if (!sameShape || dataset.numClasses !== run.classNames.length) {
      throw new CblossError(
        'shape-mismatch',
        `eval: '--dataset' must have samples of shape [${run.sampleShape.join(', ')}] and ${run.classNames.length} classes like the run; ` +
          `got '${spec}' with [${dataset.sampleShape.join(', ')}] and ${dataset.numClasses} classes.`,
      );
    }
    options.log(`eval: ${dir} on the test split of ${dataset.name} (${dataset.test.count} samples)`);
    const evaluation = evaluateSplit(run.model, dataset.test, {
      sampleShape: dataset.sampleShape,
      numClasses: dataset.numClasses,
      normalize: (batch) => normalizeBatch(batch, run.normalization),
      trainSamplesPerClass: run.results.samplesPerClass,
      logitOffsets,
    });
    return {
      ...run.results,
      dataset: { name: dataset.name, source: dataset.source, classNames: dataset.classNames },
      testSamplesPerClass: countPerClass(dataset.test.labels, dataset.numClasses),
      top1Error: evaluation.top1Error,
      perClassAccuracy: evaluation.perClassAccuracy,
      confusionMatrix: evaluation.confusionMatrix,
      shotAccuracy: evaluation.shotAccuracy,
      options: { ...run.results.options, loss: { ...run.results.options.loss, posthocTau: tau } },
    };
  } finally {
    run.model.dispose();
  }
}

