import { join } from 'node:path';
import type { Command } from 'commander';
import { nearestName } from 'class-balanced-loss';
import { comparisonEntries } from '../../compare/comparisonEntries.js';
import { isStreamedDataset } from '../../data/loadDataset.js';
import { entrySlug } from '../../compare/runComparison.js';
import { cblossVersion } from '../../run/version.js';
import type { CliContext } from '../createProgram.js';
import { inFlagTerms } from '../inFlagTerms.js';
import { parseIntegerList, parseNameList, parseNumber } from '../parseValues.js';
import { addRunFlags, runFlagsToOptions, type RunFlags } from '../runFlags.js';
import { withInterrupt } from '../withInterrupt.js';
import { CblossError } from '../../CblossError.js';

/** `cbloss compare`: the long-tail methods side by side at one budget, each tuned on the validation split. */
export function configureCompareCommand(command: Command, context: CliContext): Command {
  const { io } = context;
  const names = comparisonEntries(10).map((e) => entrySlug(e.name));
  return addRunFlags(command.description('compare class-balanced loss with the other long-tail methods at the same budget, each tuned on validation'), false)
    .option('--imbalance-factor <number>', 'n_max / n_min of the long-tailed training set', '100')
    .option('--methods <list>', `methods, comma-separated (default: all): ${names.join(', ')}`)
    .option('--seeds <list>', 'seeds; each setting is run once per seed (mean ± std)', '1')
    .option('--out <dir>', 'comparison directory: one run directory per candidate and seed, comparison.json', 'runs/compare')
    .addHelpText(
      'after',
      `
Every method trains with the same data, model and optimiser (the flags above); each method's small grid of settings
(β, γ, τ, ...) is tried and the one with the lowest class-balanced validation error is reported (--validation-fraction
defaults to 0.1 here). Deferred re-weighting starts at 80% of --epochs, cRT re-trains the classifier for a tenth of them
(in-memory datasets only: a dataset streamed from disk compares the other methods).
With --resume finished runs are read back.

Examples:
  $ cbloss compare --dataset fashion-mnist --imbalance-factor 100 --epochs 10 --lr 0.05 --warmup-epochs 1 --seeds 1,2,3 --out runs/compare-if100
  $ cbloss compare --methods softmax,cb-focal,ldam-drw --epochs 5 --out runs/quick`,
    )
    .action(async (flags: RunFlags) => {
      const { output: _output, ...baseFlags } = runFlagsToOptions('compare', flags);
      const out = String(flags['out']);
      const imbalanceFactor = parseNumber('compare', '--imbalance-factor', String(flags['imbalanceFactor']));
      const seeds = parseIntegerList('compare', '--seeds', String(flags['seeds']));
      const epochs = baseFlags.optimiser?.epochs ?? (await import('../../run/runDefaults.js')).RUN_DEFAULTS.optimiser.epochs;
      const all = comparisonEntries(epochs);
      const wanted = flags['methods'] === undefined ? names : parseNameList('compare', '--methods', String(flags['methods']));
      for (const name of wanted) {
        if (names.includes(name)) continue;
        const nearest = nearestName(name, names);
        throw new CblossError('unknown-name', `compare: '--methods' must contain only ${names.join(', ')}; got '${name}'${nearest === undefined ? '' : ` (did you mean '${nearest}'?)`}.`);
      }
      // cRT re-trains on an in-memory training set: a streamed dataset compares the other methods (validateRunOptions).
      const streamed = isStreamedDataset(String(baseFlags.data?.dataset ?? ''));
      if (streamed && flags['methods'] !== undefined && wanted.includes('crt')) {
        throw new CblossError('invalid-argument', `compare: '--methods' must leave out crt for a dataset streamed from disk (cRT re-trains on an in-memory training set); got '${String(flags['methods'])}'.`);
      }
      const entries = all.filter((e) => wanted.includes(entrySlug(e.name)) && !(streamed && entrySlug(e.name) === 'crt'));
      const baseOptions = {
        ...baseFlags,
        data: { validationFraction: 0.1, ...baseFlags.data, imbalanceFactor },
      };
      const { runComparison } = await import('../../compare/runComparison.js');
      const { formatComparisonTable } = await import('../../compare/formatComparisonTable.js');
      const log = (line: string): void => io.stderr(`${line}\n`);
      const { value, interrupted } = await inFlagTerms('compare', () =>
        withInterrupt(log, (signal) =>
          runComparison({ baseOptions, entries, seeds, out, resume: flags['resume'] === true, version: cblossVersion() }, { log, signal }),
        ),
      );
      io.stdout(`\n${formatComparisonTable(value.comparison)}\n\ncomparison: ${join(out, 'comparison.json')}\n`);
      if (interrupted || !value.complete) {
        io.stderr('cbloss: comparison interrupted; continue with the same command and --resume\n');
        context.exitCode = 130;
      }
    });
}
