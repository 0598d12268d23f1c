import { Command } from 'commander';
import type { CliIo } from './CliIo.js';
import { cblossVersion } from '../run/version.js';
import { configureCompareCommand } from './commands/compareCommand.js';
import { configureDemoCommand } from './commands/demoCommand.js';
import { configureEvalCommand } from './commands/evalCommand.js';
import { configureReportCommand } from './commands/reportCommand.js';
import { configureSweepCommand } from './commands/sweepCommand.js';
import { configureTrainCommand } from './commands/trainCommand.js';
import { configureWebCommand } from './commands/webCommand.js';
import { configureWeightsCommand } from './commands/weightsCommand.js';

/** What every command gets: where to write, and the exit code to return when it does not throw. */
export interface CliContext {
  readonly io: CliIo;
  exitCode: number;
  /** The arguments `main` was given (after `node` and the script), e.g. for `train --nproc` to start its ranks. */
  readonly argv?: readonly string[];
}

/**
 * The commander program of `cbloss` with all its commands. Errors are not printed by commander (one place,
 * `reportError`, prints them) and never exit the process (`exitOverride`), so `main` can run in-process.
 */
export function createProgram(context: CliContext): Command {
  const { io } = context;
  const program = new Command('cbloss')
    .description('Class-balanced losses on long-tailed data: weights, training, sweeps, reports, a demo and a browser page.')
    .version(cblossVersion(), '-V, --version', 'print the cbloss version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} })
    .addHelpText(
      'after',
      `
Examples:
  $ cbloss demo                                  # Fashion-MNIST, IF 100: softmax vs class-balanced
  $ cbloss weights --counts 5000,500,50 --beta 0.999
  $ cbloss train --dataset fashion-mnist --loss focal --beta 0.9999 --epochs 20 --out runs/focal
  $ cbloss sweep --dataset fashion-mnist --betas 0,0.999,0.9999 --epochs 10 --out runs/sweep
  $ cbloss compare --dataset fashion-mnist --epochs 10 --out runs/compare
  $ cbloss report runs/sweep
  $ cbloss web                                   # the browser page: your own images, nothing uploaded`,
    );
  configureWeightsCommand(program.command('weights'), context);
  configureTrainCommand(program.command('train'), context);
  configureEvalCommand(program.command('eval'), context);
  configureSweepCommand(program.command('sweep'), context);
  configureCompareCommand(program.command('compare'), context);
  configureReportCommand(program.command('report'), context);
  configureDemoCommand(program.command('demo'), context);
  configureWebCommand(program.command('web'), context);
  return program;
}
