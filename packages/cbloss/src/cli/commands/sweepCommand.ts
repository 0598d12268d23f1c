import { join } from 'node:path';
import type { Command } from 'commander';
import { sweepCells } from '../../sweep/sweepCells.js';
import { cblossVersion } from '../../run/version.js';
import { assertThreads } from '../../backend/threadLimit.js';
import type { CliContext } from '../createProgram.js';
import { parseNameList, parseNumberList } from '../parseValues.js';
import { addRunFlags, flagAttribute, methodParameters, parameterFlag, runFlagsToOptions, type RunFlags } from '../runFlags.js';
import { inFlagTerms } from '../inFlagTerms.js';
import { METHOD_NAMES } from 'class-balanced-loss';
import { withInterrupt } from '../withInterrupt.js';

/** The list flag of a method parameter: `--gammas` for `gamma`, `--max-margins` for `maxMargin`. */
const listFlag = (name: string): string => `${parameterFlag(name)}s`;

/** `cbloss sweep`: a grid of runs, resumable, summarised like Table 2 of the paper. */
export function configureSweepCommand(command: Command, context: CliContext): Command {
  const { io } = context;
  const parameterLists = methodParameters();
  addRunFlags(command.description('run a grid of losses × β × method parameters × imbalance factors × seeds and tabulate the best of each'), false)
    .option('--imbalance-factors <list>', 'imbalance factors, comma-separated', '100')
    .option('--losses <list>', `loss methods, comma-separated: ${METHOD_NAMES.join(', ')}`, 'softmax,sigmoid,focal')
    .option('--betas <list>', 'β values; 0 = the unweighted baselines, > 0 = class-balanced', '0,0.9,0.99,0.999,0.9999');
  for (const { parameter, methods } of parameterLists) {
    const values = (parameter.sweepValues ?? [parameter.default]).join(',');
    command.option(`${listFlag(parameter.name)} <list>`, `${parameter.help} (${methods.join(', ')} cells only)`, values);
  }
  return command
    .option('--seeds <list>', 'seeds; each setting is run once per seed (mean ± std)', '1')
    .option('--out <dir>', 'sweep directory: one run directory per cell, sweep.json, report.html', 'runs/sweep')
    .option('--overwrite', 'run every cell again, replacing a sweep in --out, instead of refusing')
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
    .action(async (flags: RunFlags) => {
      const { output: _output, ...baseOptions } = runFlagsToOptions('sweep', flags);
      const out = String(flags['out']);
      if (baseOptions.compute?.threads !== undefined) assertThreads('sweep', '--threads', baseOptions.compute.threads);
      const list = (flag: string): string => String(flags[flagAttribute(flag)]);
      const losses = parseNameList('sweep', '--losses', list('--losses'));
      // A parameter list applies to the listed methods that have the parameter; the others' default lists are dropped.
      const listed = parameterLists.filter(({ methods }) => methods.some((m) => losses.includes(m)));
      const grid = {
        imbalanceFactors: parseNumberList('sweep', '--imbalance-factors', list('--imbalance-factors')),
        losses,
        betas: parseNumberList('sweep', '--betas', list('--betas')),
        parameters: Object.fromEntries(listed.map(({ parameter }) => [parameter.name, parseNumberList('sweep', listFlag(parameter.name), list(listFlag(parameter.name)))])),
        seeds: parseNumberList('sweep', '--seeds', list('--seeds')),
      };
      const gridFlags: Record<string, string> = {
        imbalanceFactors: '--imbalance-factors',
        losses: '--losses',
        betas: '--betas',
        seeds: '--seeds',
        ...Object.fromEntries(parameterLists.map(({ parameter }) => [`parameters.${parameter.name}`, listFlag(parameter.name)])),
      };
      await inFlagTerms('sweep', () => sweepCells(grid), gridFlags); // validates the grid before anything heavy loads
      const { runSweep } = await import('../../sweep/runSweep.js');
      const { renderSweepReport } = await import('../../report/renderSweepReport.js');
      const { formatSweepTable } = await import('../../report/formatSweepTable.js');
      const { writeReport } = await import('../../report/writeReport.js');
      const log = (line: string): void => io.stderr(`${line}\n`);
      const { value, interrupted } = await inFlagTerms(
        'sweep',
        () => withInterrupt(log, (signal) => runSweep({ grid, baseOptions, out, resume: flags['resume'] === true, overwrite: flags['overwrite'] === true, version: cblossVersion() }, { log, signal })),
        gridFlags,
      );
      const reportPath = join(out, 'report.html');
      writeReport(reportPath, await renderSweepReport(value.sweep));
      io.stdout(`\n${formatSweepTable(value.sweep)}\n\nsweep: ${join(out, 'sweep.json')}\nreport: ${reportPath}\n`);
      if (interrupted || !value.complete) {
        io.stderr(`cbloss: sweep interrupted; continue with the same command and --resume\n`);
        context.exitCode = 130;
      }
    });
}
