import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { assertThreads } from '../../backend/threadLimit.js';
import { inFlagTerms } from '../inFlagTerms.js';
import type { CliContext } from '../createProgram.js';
import { addRunFlags, runFlagsToOptions, type RunFlags } from '../runFlags.js';
import { DATASETS, STREAM_MEMORY_NOTE } from '../../data/datasets.js';
import { TrainingInterruptedError } from '../../train/TrainingInterruptedError.js';
import { withInterrupt } from '../withInterrupt.js';
import { CblossError } from '../../CblossError.js';

/** `cbloss train`: one training run (runExperiment) and its summary table. */
export function configureTrainCommand(command: Command, context: CliContext): Command {
  const { io } = context;
  return addRunFlags(command.description('train one model on a long-tailed dataset and evaluate it on the balanced test set'), true)
    .option('--out <dir>', 'run directory: results.json, model/, checkpoint/, subset.json (required)')
    .option('--overwrite', 'replace a finished (or unfinished) run in --out instead of refusing')
    .option('--no-report', 'do not write --out/report.html (by default rewritten after every epoch, reloading itself while the run trains; the full report at the end)')
    .addHelpText(
      'after',
      `
Output (in --out): results.json (errors, per-class accuracy, weights, history, options), model/ (tf.io
model.json + weights.bin), checkpoint/ (resumable with --resume), subset.json (the long-tailed indices),
report.html (open it while the run trains: rewritten after every epoch and reloading itself; the full report
at the end). A finished run in --out is not replaced unless --overwrite is given.

Examples:
  $ cbloss train --dataset fashion-mnist --imbalance-factor 100 --loss softmax --beta 0.9999 --epochs 20 --out runs/cb-softmax
  $ cbloss train --dataset cifar10 --data-dir ~/data/cifar-10-batches-bin --loss ldam --beta 0.9999 --drw-epoch 160 --out runs/ldam-drw
  $ cbloss train --dataset cifar10 --data-dir ~/data/cifar-10-batches-bin --model resnet32 --loss focal --beta 0.9999 --gamma 1 --out runs/cifar10-focal
  $ cbloss train --out runs/cb-softmax --resume        # continue after Ctrl-C
  $ cbloss train --recipe imagenet --dataset inat:~/data/inat2018/train2018.json --loss focal --beta 0.999 --gamma 0.5 --out runs/inat18-cb-focal

Datasets (--dataset):
${DATASETS.map((d) => `  ${d.usage}\n      ${d.help}`).join('\n')}
  ${STREAM_MEMORY_NOTE.charAt(0).toUpperCase()}${STREAM_MEMORY_NOTE.slice(1)}.`,
    )
    .action(async (flags: RunFlags) => {
      if (typeof flags['out'] !== 'string') {
        throw new CblossError('invalid-argument', `train: '--out' must be given (the run directory); got nothing.`);
      }
      const input = runFlagsToOptions('train', flags);
      if (input.compute?.threads !== undefined) assertThreads('train', '--threads', input.compute.threads);
      // Heavy modules (TensorFlow.js, backends) load only when a command needs them: `--help` stays fast.
      const { resolveRunOptions } = await import('../../run/resolveRunOptions.js');
      const { runExperiment } = await import('../../run/runExperiment.js');
      const { runSummary } = await import('../runSummary.js');
      const out = flags['out'];
      const options = await inFlagTerms('train', () => resolveRunOptions({ ...input, output: { ...input.output, out } }));
      const log = (line: string): void => io.stderr(`${line}\n`);
      const live = flags['report'] === false ? undefined : (await import('../liveReportWriter.js')).liveReportWriter(out, log);
      const hooks = { log, overwrite: flags['overwrite'] === true, ...(live ? { onEpoch: live.onEpoch } : {}) };
      // Ctrl-C makes runExperiment throw TrainingInterruptedError (checkpoint saved): reportError prints it, exit 130.
      const { value: results } = await inFlagTerms('train', () => withInterrupt(log, (signal) => runExperiment(options, { ...hooks, signal }))).catch(
        async (error: unknown) => {
          if (live && error instanceof TrainingInterruptedError) await live.interrupted();
          throw error;
        },
      );
      io.stdout(runSummary([results], results.dataset.classNames, [out]));
      if (live) {
        const { renderRunReport } = await import('../../report/renderRunReport.js');
        const { writeReport } = await import('../../report/writeReport.js');
        writeReport(live.path, await renderRunReport([results], { names: [basename(resolve(out))] }));
        io.stdout(`report: ${live.path}\n`);
      }
    });
}
