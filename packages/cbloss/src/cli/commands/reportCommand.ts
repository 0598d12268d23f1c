import { join } from 'node:path';
import type { Command } from 'commander';
import { readReportInput } from '../../report/readReportInput.js';
import type { CliContext } from '../createProgram.js';

/**
 * The HTML report of a directory: a sweep (`sweep.json`), a run (`results.json`) or a directory whose
 * sub-directories are runs of one dataset (e.g. the output of `cbloss demo`), rendered together on one page and
 * labelled by directory name (see `readReportInput`).
 */
export async function renderDirectoryReport(dir: string): Promise<string> {
  const input = readReportInput(dir);
  if (input.kind === 'sweep') {
    const { renderSweepReport } = await import('../../report/renderSweepReport.js');
    return renderSweepReport(input.sweep);
  }
  const { renderRunReport } = await import('../../report/renderRunReport.js');
  return renderRunReport(input.runs, { names: input.names });
}

/** `cbloss report DIR`: writes DIR/report.html. */
export function configureReportCommand(command: Command, { io }: CliContext): Command {
  return command
    .description('write DIR/report.html for a run, a sweep or a directory of runs')
    .argument('<dir>', 'a run directory (results.json), a sweep directory (sweep.json) or a directory of runs')
    .addHelpText(
      'after',
      `
Examples:
  $ cbloss report runs/demo          # the two runs of the demo side by side
  $ cbloss report runs/sweep         # the sweep table and error-vs-β plots`,
    )
    .action(async (dir: string) => {
      const { writeReport } = await import('../../report/writeReport.js');
      const html = await renderDirectoryReport(dir);
      const path = join(dir, 'report.html');
      writeReport(path, html);
      io.stdout(`report: ${path}\n`);
    });
}
