import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CbLossError } from 'class-balanced-loss';
import { upgradeRunResults } from '../../run/upgradeRunResults.js';
import { upgradeSweep } from '../../sweep/upgradeSweep.js';
import type { CliContext } from '../createProgram.js';

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new CbLossError('invalid-file', `report: '${path}' must be valid JSON; got ${(error as Error).message}.`);
  }
}

/**
 * The HTML report of a directory: a sweep (`sweep.json`), a run (`results.json`) or a directory whose
 * sub-directories are runs (e.g. the output of `cbloss demo`), rendered together on one page.
 */
export async function renderDirectoryReport(dir: string): Promise<string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CbLossError('not-found', `report: 'DIR' must be an existing directory; got '${dir}'.`);
  }
  const { renderRunReport } = await import('../../report/renderRunReport.js');
  const { renderSweepReport } = await import('../../report/renderSweepReport.js');
  if (existsSync(join(dir, 'sweep.json'))) return renderSweepReport(upgradeSweep(readJson(join(dir, 'sweep.json')), join(dir, 'sweep.json')));
  if (existsSync(join(dir, 'results.json'))) return renderRunReport([upgradeRunResults(readJson(join(dir, 'results.json')), join(dir, 'results.json'))]);
  const runs = readdirSync(dir)
    .sort()
    .map((name) => join(dir, name, 'results.json'))
    .filter((path) => existsSync(path))
    .map((path) => upgradeRunResults(readJson(path), path));
  if (runs.length === 0) {
    throw new CbLossError(
      'not-found',
      `report: 'DIR' must hold sweep.json, results.json or run directories with results.json; got '${dir}' with none.`,
    );
  }
  return renderRunReport(runs);
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
