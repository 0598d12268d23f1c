import type { Command } from 'commander';
import { DEMO_EPOCHS } from '../../demo/demoPlan.js';
import { assertThreads } from '../../backend/threadLimit.js';
import type { CliContext } from '../createProgram.js';
import { parseChoice, parseInteger } from '../parseValues.js';
import { BACKEND_CHOICES } from '../../backend/selectBackend.js';
import { withInterrupt } from '../withInterrupt.js';

interface DemoFlags {
  readonly out: string;
  readonly epochs?: string;
  readonly backend: string;
  readonly threads?: string;
  readonly dataDir?: string;
  readonly seed?: string;
  readonly resume?: boolean;
  readonly overwrite?: boolean;
}

/** `cbloss demo`: softmax vs class-balanced softmax on long-tailed Fashion-MNIST, with a report. */
export function configureDemoCommand(command: Command, context: CliContext): Command {
  const { io } = context;
  const epochsByBackend = Object.entries(DEMO_EPOCHS).map(([name, n]) => `${name} ${n}`).join(', ');
  return command
    .description('Fashion-MNIST at imbalance factor 100: the small CNN with softmax vs class-balanced softmax (β=0.9999)')
    .option('--out <dir>', 'output directory', 'runs/demo')
    .option('--epochs <n>', `epochs per run (default: by backend: ${epochsByBackend})`)
    .option('--backend <name>', 'auto | libtorch | wasm | cpu', 'auto')
    .option('--threads <n>', "threads of the libtorch or wasm backend (default: the backend's own)")
    .option('--data-dir <dir>', 'Fashion-MNIST directory (default: /usr/share/datasets/fashion-mnist)')
    .option('--seed <n>', 'seed (default: 1)')
    .option('--resume', 'continue an interrupted demo from its checkpoints')
    .option('--overwrite', 'train the runs again, replacing a demo already in --out')
    .addHelpText(
      'after',
      `
Needs Fashion-MNIST: apt-get install dataset-fashion-mnist (or --data-dir with the four *-ubyte[.gz] files).
Writes OUT/softmax/ and OUT/cb-softmax/ (each a run directory) and OUT/report.html.

Examples:
  $ cbloss demo
  $ cbloss demo --backend wasm --epochs 2 --out /tmp/demo
  $ cbloss demo --resume                          # after Ctrl-C`,
    )
    .action(async (flags: DemoFlags) => {
      const backend = parseChoice('demo', '--backend', flags.backend, BACKEND_CHOICES);
      const epochs = flags.epochs === undefined ? undefined : parseInteger('demo', '--epochs', flags.epochs);
      const threads = flags.threads === undefined ? undefined : parseInteger('demo', '--threads', flags.threads);
      if (threads !== undefined) assertThreads('demo', '--threads', threads);
      const seed = flags.seed === undefined ? undefined : parseInteger('demo', '--seed', flags.seed);
      const { runDemo } = await import('../../demo/runDemo.js');
      const { runSummary } = await import('../runSummary.js');
      const log = (line: string): void => io.stderr(`${line}\n`);
      const { TrainingInterruptedError } = await import('../../train/TrainingInterruptedError.js');
      const demoRun = (signal: AbortSignal): ReturnType<typeof runDemo> =>
        runDemo(
          {
            out: flags.out,
            backend,
            resume: flags.resume === true,
            overwrite: flags.overwrite === true,
            ...(epochs === undefined ? {} : { epochs }),
            ...(threads === undefined ? {} : { threads }),
            ...(seed === undefined ? {} : { seed }),
            ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
          },
          { log, signal },
        ).catch((error: unknown) => {
          // Point Ctrl-C's resume hint at the demo rather than at the single run.
          if (!(error instanceof TrainingInterruptedError)) throw error;
          const out = flags.out === 'runs/demo' ? '' : ` --out ${flags.out}`;
          throw new TrainingInterruptedError(error.epoch, error.batch, error.checkpointDir, `cbloss demo${out} --resume`);
        });
      const { value: demo } = await withInterrupt(log, demoRun);
      const classNames = demo.runs[0]?.dataset.classNames ?? [];
      io.stdout(runSummary(demo.runs, classNames, demo.dirs));
      io.stdout(`report: ${demo.reportPath}\n`);
    });
}
