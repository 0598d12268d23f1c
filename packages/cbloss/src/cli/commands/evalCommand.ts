import type { Command } from 'commander';
import { CbLossError } from 'class-balanced-loss';
import type { BackendChoice, RunResults } from '../../types.js';
import type { CliContext } from '../createProgram.js';
import { parseChoice } from '../parseValues.js';
import { BACKEND_CHOICES } from '../runFlags.js';

interface EvalFlags {
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly backend: string;
}

/**
 * Re-evaluates the model saved in a run directory on the test split of its dataset (or of `dataset`), with the
 * run's own input normalisation and many/medium/few-shot groups (from its training counts). Returns the run's
 * results with the test metrics replaced by the new ones.
 */
export async function evaluateRunDirectory(
  dir: string,
  options: { readonly dataset?: string; readonly dataDir?: string; readonly backend: BackendChoice; readonly log: (line: string) => void },
): Promise<RunResults> {
  const { loadRunModel } = await import('../../run/loadRunModel.js');
  const { selectBackend } = await import('../../backend/selectBackend.js');
  const { loadDataset, countPerClass } = await import('../../data/index.js');
  const { evaluateSplit } = await import('../../eval/evaluate.js');
  const { normalizeBatch } = await import('../../eval/normalization.js');
  await selectBackend(options.backend, { log: options.log });
  const run = await loadRunModel(dir);
  try {
    if (run.results === undefined) {
      throw new CbLossError('not-found', `eval: '${dir}' must hold results.json next to model/; got none.`);
    }
    const saved = run.results.options as { dataset?: string; dataDir?: string; seed?: number };
    const spec = options.dataset ?? saved.dataset ?? run.results.dataset.name;
    const dataDir = options.dataDir ?? saved.dataDir;
    const dataset = await loadDataset(spec, { ...(dataDir === undefined ? {} : { dataDir }), seed: saved.seed ?? 1 });
    const sameShape = dataset.sampleShape.length === run.sampleShape.length && dataset.sampleShape.every((d, i) => d === run.sampleShape[i]);
    if (!sameShape || dataset.numClasses !== run.classNames.length) {
      throw new CbLossError(
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
    });
    return {
      ...run.results,
      dataset: { name: dataset.name, source: dataset.source, classNames: dataset.classNames },
      testSamplesPerClass: countPerClass(dataset.test.labels, dataset.numClasses),
      top1Error: evaluation.top1Error,
      perClassAccuracy: evaluation.perClassAccuracy,
      confusionMatrix: evaluation.confusionMatrix,
      shotAccuracy: evaluation.shotAccuracy,
    };
  } finally {
    run.model.dispose();
  }
}

/** `cbloss eval DIR`: re-evaluates the saved model of a run on the test set. */
export function configureEvalCommand(command: Command, { io }: CliContext): Command {
  return command
    .description('reload the model of a run and re-evaluate it on the test set')
    .argument('<dir>', 'a run directory (results.json and model/)')
    .option('--dataset <spec>', "dataset whose test split to use (default: the run's)")
    .option('--data-dir <dir>', "where the dataset files are (default: the run's)")
    .option('--backend <name>', 'auto | libtorch | wasm | cpu', 'auto')
    .addHelpText(
      'after',
      `
Prints the results and per-class tables of the re-evaluation and the error stored at training time.
Nothing is written.

Examples:
  $ cbloss eval runs/cb-softmax
  $ cbloss eval runs/cifar10-focal --data-dir ~/data/cifar-10-batches-bin --backend wasm`,
    )
    .action(async (dir: string, flags: EvalFlags) => {
      const backend = parseChoice('eval', '--backend', flags.backend, BACKEND_CHOICES);
      const log = (line: string): void => io.stderr(`${line}\n`);
      const { runSummary } = await import('../printRunSummary.js');
      const { readFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      let stored: number | undefined;
      try {
        stored = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults).top1Error;
      } catch {
        stored = undefined; // loadRunModel reports a missing or corrupt file precisely
      }
      const results = await evaluateRunDirectory(dir, {
        backend,
        log,
        ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
        ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
      });
      io.stdout(runSummary([results], results.dataset.classNames, [dir]));
      if (stored !== undefined) io.stdout(`top-1 error at training time: ${stored.toFixed(2)}%; now: ${results.top1Error.toFixed(2)}%\n`);
    });
}
