import type { Command } from 'commander';
import type { RunResults } from '../../types.js';
import type { CliContext } from '../createProgram.js';
import { parseChoice, parseNumber } from '../parseValues.js';
import { BACKEND_CHOICES } from '../../backend/selectBackend.js';
import { CblossError } from '../../CblossError.js';

interface EvalFlags {
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly backend: string;
  readonly posthocTau?: string;
}

/** `cbloss eval DIR`: re-evaluates the saved model of a run on the test set. */
export function configureEvalCommand(command: Command, { io }: CliContext): Command {
  return command
    .description('reload the model of a run and re-evaluate it on the test set')
    .argument('<dir>', 'a run directory (results.json and model/)')
    .option('--dataset <spec>', "dataset whose test split to use (default: the run's)")
    .option('--data-dir <dir>', "where the dataset files are (default: the run's)")
    .option('--backend <name>', 'auto | libtorch | wasm | cpu', 'auto')
    .option('--posthoc-tau <number>', "post-hoc logit adjustment: predict with logits − τ·log(training class frequency) (default: the run's own, none if it had none)")
    .addHelpText(
      'after',
      `
Prints the results and per-class tables of the re-evaluation and the error stored at training time.
Nothing is written.

Examples:
  $ cbloss eval runs/cb-softmax
  $ cbloss eval runs/cifar10-focal --data-dir ~/data/cifar-10-batches-bin --backend wasm
  $ cbloss eval runs/softmax --posthoc-tau 1      # logit adjustment of a plain softmax model`,
    )
    .action(async (dir: string, flags: EvalFlags) => {
      const { evaluateRunDirectory } = await import('../evaluateRunDirectory.js');
      const { inFlagTerms } = await import('../inFlagTerms.js');
      const backend = parseChoice('eval', '--backend', flags.backend, BACKEND_CHOICES);
      const posthocTau = flags.posthocTau === undefined ? undefined : parseNumber('eval', '--posthoc-tau', flags.posthocTau);
      if (posthocTau !== undefined && posthocTau < 0) {
        throw new CblossError('invalid-argument', `eval: '--posthoc-tau' must be a number >= 0; got ${posthocTau}.`);
      }
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
      const results = await inFlagTerms('eval', () =>
        evaluateRunDirectory(dir, {
          backend,
          log,
          ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
          ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
          ...(posthocTau === undefined ? {} : { posthocTau }),
        }),
      );
      io.stdout(runSummary([results], results.dataset.classNames, [dir]));
      if (stored !== undefined) io.stdout(`top-1 error at training time: ${stored.toFixed(2)}%; now: ${results.top1Error.toFixed(2)}%\n`);
    });
}
