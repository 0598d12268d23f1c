import type { Command } from 'commander';
import { classBalancedWeights, effectiveNumbers, ZERO_COUNT_POLICIES } from 'class-balanced-loss';
import type { CliContext } from '../createProgram.js';
import { formatWeightsTable } from '../formatWeightsTable.js';
import { parseChoice, parseIntegerList, parseNumber } from '../parseValues.js';
import { countPerClass } from '../../data/countPerClass.js';
import { readLabelsFile } from '../readLabelsFile.js';
import { CblossError } from '../../CblossError.js';

interface WeightsFlags {
  readonly counts?: string;
  readonly labels?: string;
  readonly beta: string;
  readonly zeroCount: string;
  readonly json?: boolean;
}

/** Samples per class `0..max(labels)` (classes in between without samples count 0). */
function countLabels(labels: Int32Array): number[] {
  return countPerClass(labels, labels.reduce((max, label) => Math.max(max, label), -1) + 1);
}

/** `cbloss weights`: class-balanced weights of given class counts (or of a labels file). */
export function configureWeightsCommand(command: Command, { io }: CliContext): Command {
  return command
    .description('print the effective numbers and class-balanced weights of some class counts')
    .option('--counts <n,n,...>', 'samples per class, comma-separated')
    .option('--labels <file>', 'or: a labels file (one integer per line, CSV, or IDX1 such as train-labels-idx1-ubyte.gz)')
    .option('--beta <number>', 'β in [0, 1]: 0 = no re-weighting, 1 = inverse frequency', '0.9999')
    .option('--zero-count <rule>', `a class with 0 samples: ${ZERO_COUNT_POLICIES.map((p) => `'${p}'`).join(' or ')}`, 'error')
    .option('--json', 'print JSON instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ cbloss weights --counts 5000,2997,1796,1077,645,387,232,139,83,50 --beta 0.9999
  $ cbloss weights --labels /usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz --beta 0.99 --json`,
    )
    .action((flags: WeightsFlags) => {
      if ((flags.counts === undefined) === (flags.labels === undefined)) {
        throw new CblossError(
          'invalid-argument',
          `weights: exactly one of '--counts' and '--labels' must be given; got ${flags.counts === undefined ? 'neither' : 'both'}.`,
        );
      }
      const samplesPerClass =
        flags.counts !== undefined
          ? parseIntegerList('weights', '--counts', flags.counts)
          : countLabels(readLabelsFile(flags.labels ?? ''));
      const beta = parseNumber('weights', '--beta', flags.beta);
      const zeroCount = parseChoice('weights', '--zero-count', flags.zeroCount, ZERO_COUNT_POLICIES);
      // The rules of classBalancedWeights, checked here so that the message names what the user typed.
      if (beta < 0 || beta > 1) throw new CblossError('invalid-argument', `weights: '--beta' must be in [0, 1]; got ${beta}.`);
      const source = flags.counts !== undefined ? '--counts' : '--labels';
      const negative = samplesPerClass.findIndex((n) => n < 0);
      if (negative >= 0) {
        throw new CblossError('invalid-argument', `weights: '${source}' must give counts >= 0; got ${samplesPerClass[negative]} for class ${negative}.`);
      }
      const empty = samplesPerClass.findIndex((n) => n === 0);
      if (empty >= 0 && zeroCount === 'error') {
        throw new CblossError(
          'invalid-argument',
          `weights: '${source}' must give every class a sample, or pass --zero-count zero-weight; got 0 for class ${empty}.`,
        );
      }
      if (!samplesPerClass.some((n) => n > 0)) {
        throw new CblossError('invalid-argument', `weights: '${source}' must give at least one class a sample; got [${samplesPerClass.join(', ')}].`);
      }
      const weights = classBalancedWeights(samplesPerClass, beta, { zeroCount });
      const effective = effectiveNumbers(samplesPerClass, beta);
      if (flags.json === true) {
        const sum = weights.reduce((a, b) => a + b, 0);
        io.stdout(`${JSON.stringify({ beta, samplesPerClass, effectiveNumbers: effective, weights, sum }, null, 2)}\n`);
      } else {
        io.stdout(`β = ${beta}\n${formatWeightsTable(samplesPerClass, effective, weights)}\n`);
      }
    });
}
