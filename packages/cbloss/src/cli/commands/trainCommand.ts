import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { assertThreads } from '../../backend/threadLimit.js';
import { inFlagTerms } from '../inFlagTerms.js';
import type { CliContext } from '../createProgram.js';
import { addRunFlags, runFlagsToOptions, type RunFlags } from '../runFlags.js';
import { DATASETS, STREAM_MEMORY_NOTE } from '../../data/datasets.js';
import { TrainingInterruptedError } from '../../train/TrainingInterruptedError.js';
import { withInterrupt } from '../withInterrupt.js';
import { CblossError } from '../../CblossError.js';
import { parseInteger, parseNumber } from '../parseValues.js';
import { withoutOption } from '../withoutOption.js';
import type { RunHooks } from '../../run/runExperiment.js';
import type { RunOptions, RunResults } from '../../types.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED } from '../reportError.js';

/**
 * How long a data-parallel rank waits for the others by default (rendezvous, each step, rank 0's checkpoint and its
 * evaluation of an in-memory test set; a streamed one is evaluated by every rank, each its part), in s.
 */
const DEFAULT_DIST_TIMEOUT_SECONDS = 1800;

/** `cbloss train`: one training run (runExperiment) and its summary table. */
export function configureTrainCommand(command: Command, context: CliContext): Command {
  const { io } = context;
  return addRunFlags(command.description('train one model on a long-tailed dataset and evaluate it on the balanced test set'), true)
    .option('--out <dir>', 'run directory: results.json, model/, checkpoint/, subset.json (required)')
    .option('--overwrite', 'replace a finished (or unfinished) run in --out instead of refusing')
    .option('--no-report', 'do not write --out/report.html (by default rewritten after every epoch, reloading itself while the run trains; the full report at the end)')
    .option('--nproc <n>', 'data-parallel training in n processes on this machine (--threads and, for a streamed dataset, --workers each); --batch-size is the global batch, each process takes batch-size / n (default: 1)')
    .option('--dist-timeout <seconds>', `data-parallel: how long a process waits for the others (start, every step, the evaluation) before stopping with an error naming its rank (default: ${DEFAULT_DIST_TIMEOUT_SECONDS})`)
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
  $ cbloss train --recipe imagenet --dataset inat:~/data/inat2018/train2018.json --loss focal --beta 0.999 --gamma 0.5 --nproc 2 --threads 1 --workers 1 --out runs/inat18-cb-focal
  $ cbloss train --dataset cifar10 --data-dir ~/data/cifar-10-batches-bin --nproc 2 --threads 1 --out runs/dp

Datasets (--dataset):
${DATASETS.map((d) => `  ${d.usage}\n      ${d.help}`).join('\n')}
  ${STREAM_MEMORY_NOTE.charAt(0).toUpperCase()}${STREAM_MEMORY_NOTE.slice(1)}.

Data-parallel training: --nproc N starts N processes of this command on this machine (torchrun's variables,
loopback); rank 0 writes --out. On several machines, run the same command (without --nproc) on each, with
MASTER_ADDR and MASTER_PORT of rank 0's machine, RANK (0..WORLD_SIZE-1) and WORLD_SIZE in the environment;
--resume then needs --out on a file system every machine reads. Streamed datasets too: each process decodes only
its part of every global batch with its own --workers threads (so N processes use N × (--threads + --workers)
cores); the processes evaluate the held-out split together, each its part, and rank 0 computes the metrics
from their gathered predictions (those of one process). An in-memory test set is evaluated by rank 0 alone, while
the others wait (within --dist-timeout).`,
    )
    .action(async (flags: RunFlags) => {
      if (typeof flags['out'] !== 'string') {
        throw new CblossError('invalid-argument', `train: '--out' must be given (the run directory); got nothing.`);
      }
      const input = runFlagsToOptions('train', flags);
      if (input.compute?.threads !== undefined) assertThreads('train', '--threads', input.compute.threads);
      const nproc = flags['nproc'] === undefined ? 1 : parseInteger('train', '--nproc', String(flags['nproc']));
      if (nproc < 1) throw new CblossError('invalid-argument', `train: '--nproc' must be a positive integer; got ${nproc}.`);
      const timeoutSeconds = flags['distTimeout'] === undefined ? DEFAULT_DIST_TIMEOUT_SECONDS : parseNumber('train', '--dist-timeout', String(flags['distTimeout']));
      if (!(timeoutSeconds > 0)) throw new CblossError('invalid-argument', `train: '--dist-timeout' must be a positive number of seconds; got ${timeoutSeconds}.`);
      // A process that torchrun (or `--nproc`) started is one rank: RANK and WORLD_SIZE are in its environment.
      const joining = (process.env['RANK'] ?? '') !== '' && (process.env['WORLD_SIZE'] ?? '') !== '';
      if (joining && flags['nproc'] !== undefined) {
        throw new CblossError('invalid-argument', `train: '--nproc' must not be given to a process that is already a rank (RANK and WORLD_SIZE are set in its environment); got ${nproc}.`);
      }
      // Heavy modules (TensorFlow.js, backends) load only when a command needs them: `--help` stays fast.
      const { resolveRunOptions } = await import('../../run/resolveRunOptions.js');
      const { runSummary } = await import('../runSummary.js');
      const out = flags['out'];
      const options = await inFlagTerms('train', () => resolveRunOptions({ ...input, output: { ...input.output, out } }));
      const log = (line: string): void => io.stderr(`${line}\n`);
      if (nproc > 1) {
        // The launcher: checks what it can once, then starts the ranks (this command without --nproc) and waits.
        if (!options.output.resume && options.optimiser.batchSize % nproc !== 0) {
          throw new CblossError('invalid-argument', `train: '--batch-size' must be a multiple of --nproc (${nproc}): it is the global batch, of which each process takes batch-size / ${nproc}; got ${options.optimiser.batchSize}.`);
        }
        const { launchRanks } = await import('../../distributed/launchRanks.js');
        const args = [...process.execArgv, cblossBin(), ...withoutOption(context.argv ?? process.argv.slice(2), '--nproc')];
        context.exitCode = await launchRanks({ nproc, command: process.execPath, args, log, fn: 'train' });
        return;
      }
      const results = joining ? await trainAsRank(context, flags, options, timeoutSeconds) : await trainInProcess(flags, options, log);
      if (results === undefined) return;
      io.stdout(runSummary([results.results], results.results.dataset.classNames, [out]));
      if (results.live) {
        const { renderRunReport } = await import('../../report/renderRunReport.js');
        const { writeReport } = await import('../../report/writeReport.js');
        writeReport(results.live.path, await renderRunReport([results.results], { names: [basename(resolve(out))] }));
        io.stdout(`report: ${results.live.path}\n`);
      }
    });
}

type Live = ReturnType<typeof import('../liveReportWriter.js').liveReportWriter>;
type Run = (hooks: RunHooks) => Promise<RunResults | undefined>;

/** A finished run as this process has it: its results and, when written, the live report. */
interface Trained {
  readonly results: RunResults;
  readonly live: Live | undefined;
}

/** The run of this process (runExperiment, or `run`), with the live report and Ctrl-C. */
async function trainInProcess(flags: RunFlags, options: RunOptions, log: (line: string) => void, run?: Run): Promise<Trained | undefined> {
  const { runExperiment } = await import('../../run/runExperiment.js');
  const live = flags['report'] === false ? undefined : (await import('../liveReportWriter.js')).liveReportWriter(options.output.out, log);
  const hooks = { log, overwrite: flags['overwrite'] === true, ...(live ? { onEpoch: live.onEpoch } : {}) };
  const runOnce = run ?? ((h: RunHooks) => runExperiment(options, h));
  // Ctrl-C makes runExperiment throw TrainingInterruptedError (checkpoint saved): reportError prints it, exit 130.
  const { value: results } = await inFlagTerms('train', () => withInterrupt(log, (signal) => runOnce({ ...hooks, signal }))).catch(async (error: unknown) => {
    if (live && error instanceof TrainingInterruptedError) await live.interrupted();
    throw error;
  });
  return results === undefined ? undefined : { results, live };
}

/**
 * One rank of a data-parallel run (torchrun's variables in the environment): joins the group and trains its part;
 * rank 0 logs and writes, the others stay silent unless they fail. A failure of the group (a rank that died or timed
 * out) is one line naming the rank, exit 1; after Ctrl-C only rank 0 says where the checkpoint is.
 */
async function trainAsRank(context: CliContext, flags: RunFlags, options: RunOptions, timeoutSeconds: number): Promise<Trained | undefined> {
  const { io } = context;
  const { followLauncher } = await import('../../distributed/launchRanks.js');
  const { joinDataParallel } = await import('../../distributed/joinDataParallel.js');
  const { runExperimentRank } = await import('../../run/runExperiment.js');
  followLauncher();
  let rank: number | undefined;
  try {
    const dp = await joinDataParallel('train', { timeoutMs: Math.round(timeoutSeconds * 1000) });
    rank = dp.rank;
    const lead = dp.rank === 0;
    const log = lead ? (line: string): void => io.stderr(`${line}\n`) : (): void => undefined;
    const trained = await trainInProcess(lead ? flags : { ...flags, report: false }, options, log, (hooks) =>
      runExperimentRank(options, { ...hooks, ...(lead ? {} : { progressBar: false }) }, dp),
    );
    await dp.destroy();
    return trained;
  } catch (error) {
    if (error instanceof TrainingInterruptedError && rank !== undefined && rank > 0) {
      context.exitCode = EXIT_INTERRUPTED;
      return undefined;
    }
    if (error instanceof Error && error.name === 'LibtorchBackendError') {
      // The process group's errors name the operation and the rank: one line, no stack trace.
      io.stderr(`cbloss: ${error.message}\n`);
      context.exitCode = EXIT_FAILURE;
      return undefined;
    }
    throw error;
  }
}

/** The cbloss bin of this package (what each rank of `--nproc` runs), found through the package's own name. */
function cblossBin(): string {
  return join(dirname(createRequire(import.meta.url).resolve('cbloss/package.json')), 'bin', 'cbloss.js');
}
