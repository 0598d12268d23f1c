import type { Command } from 'commander';
import type { RunResults } from '../../types.js';
import type { CliContext } from '../createProgram.js';
import { parseChoice } from '../parseValues.js';
import { BACKEND_CHOICES } from '../../backend/selectBackend.js';

interface EvalFlags {
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly backend: string;
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
      const { evaluateRunDirectory } = await import('../evaluateRunDirectory.js');
      const backend = parseChoice('eval', '--backend', flags.backend, BACKEND_CHOICES);
      const log = (line: string): void => io.stderr(`${line}\n`);
      const { runSummary } = await import('../runSummary.js');
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
