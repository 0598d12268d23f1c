import { join } from 'node:path';
import type { Command } from 'commander';
import { sweepCells } from '../../sweep/sweepCells.js';
import { cblossVersion } from '../../run/version.js';
import type { CliContext } from '../createProgram.js';
import { parseNameList, parseNumberList } from '../parseValues.js';
import { addRunFlags, runFlagsToOptions, type RunFlags } from '../runFlags.js';
import { withInterrupt } from '../withInterrupt.js';

interface SweepFlags extends RunFlags {
  readonly imbalanceFactors: string;
  readonly losses: string;
  readonly betas: string;
  readonly gammas: string;
  readonly seeds: string;
  readonly out: string;
}

/** `cbloss sweep`: a grid of runs, resumable, summarised like Table 2 of the paper. */
export function configureSweepCommand(command: Command, context: CliContext): Command {
  const { io } = context;
  return addRunFlags(command.description('run a grid of losses × β × γ × imbalance factors × seeds and tabulate the best of each'), false)
    .option('--imbalance-factors <list>', 'imbalance factors, comma-separated', '100')
    .option('--losses <list>', 'losses, comma-separated', 'softmax,sigmoid,focal')
    .option('--betas <list>', 'β values; 0 = the unweighted baselines, > 0 = class-balanced', '0,0.9,0.99,0.999,0.9999')
    .option('--gammas <list>', 'focal γ values (focal cells only)', '0.5,1,2')
    .option('--seeds <list>', 'seeds; each setting is run once per seed (mean ± std)', '1')
    .option('--out <dir>', 'sweep directory: one run directory per cell, sweep.json, report.html', 'runs/sweep')
    .addHelpText(
      'after',
      `
Each cell runs in OUT/<cell id>/ (e.g. if100-focal-b0.999-g1-s1). OUT/sweep.json is rewritten after every cell;
with --resume finished cells are skipped and an interrupted cell continues from its checkpoint. β/γ are chosen on
validation error when --validation-fraction > 0, else on test error (recorded in sweep.json 'selection').
At the end: the table (rows = losses, columns = imbalance factors) and OUT/report.html.

Examples:
  $ cbloss sweep --dataset fashion-mnist --imbalance-factors 10,100 --betas 0,0.999,0.9999 --gammas 1 --epochs 10 --validation-fraction 0.1 --out runs/sweep
  $ cbloss sweep --dataset cifar10 --data-dir ~/data/cifar-10-batches-bin --imbalance-factors 10,50,100 --seeds 1,2,3 --out runs/cifar10 --resume`,
    )
    .action(async (flags: SweepFlags) => {
      const baseOptions = runFlagsToOptions('sweep', flags);
      delete (baseOptions as { out?: string }).out;
      delete (baseOptions as { resume?: boolean }).resume;
      const grid = {
        imbalanceFactors: parseNumberList('sweep', '--imbalance-factors', flags.imbalanceFactors),
        losses: parseNameList('sweep', '--losses', flags.losses),
        betas: parseNumberList('sweep', '--betas', flags.betas),
        gammas: parseNumberList('sweep', '--gammas', flags.gammas),
        seeds: parseNumberList('sweep', '--seeds', flags.seeds),
      };
      sweepCells(grid); // validates the grid before anything heavy loads
      const { runSweep } = await import('../../sweep/runSweep.js');
      const { renderSweepReport } = await import('../../report/renderSweepReport.js');
      const { formatSweepTable } = await import('../../report/formatSweepTable.js');
      const { writeReport } = await import('../../report/writeReport.js');
      const log = (line: string): void => io.stderr(`${line}\n`);
      const { value, interrupted } = await withInterrupt(log, (signal) =>
        runSweep(
          { grid, baseOptions, out: flags.out, resume: flags.resume === true, version: cblossVersion() },
          { log, signal },
        ),
      );
      const reportPath = join(flags.out, 'report.html');
      writeReport(reportPath, await renderSweepReport(value.sweep));
      io.stdout(`\n${formatSweepTable(value.sweep)}\n\nsweep: ${join(flags.out, 'sweep.json')}\nreport: ${reportPath}\n`);
      if (interrupted || !value.complete) {
        io.stderr(`cbloss: sweep interrupted; continue with the same command and --resume\n`);
        context.exitCode = 130;
      }
    });
}
