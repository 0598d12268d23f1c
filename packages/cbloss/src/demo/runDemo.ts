import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '../backend/selectBackend.js';
import { renderRunReport } from '../report/renderRunReport.js';
import { writeReport } from '../report/writeReport.js';
import { resolveRunOptions } from '../run/resolveRunOptions.js';
import { runExperiment } from '../run/runExperiment.js';
import type { BackendChoice, RunResults } from '../types.js';
import { demoEpochs, demoRuns } from './demoPlan.js';

/** Options of {@link runDemo}; every field has a default. */
export interface RunDemoOptions {
  /** Output directory (default `runs/demo`): `softmax/`, `cb-softmax/`, `report.html`. */
  readonly out?: string;
  /** Epochs per run (default: by backend, see `DEMO_EPOCHS`). */
  readonly epochs?: number;
  readonly backend?: BackendChoice;
  readonly threads?: number;
  /** Where Fashion-MNIST is (default /usr/share/datasets/fashion-mnist, Debian package dataset-fashion-mnist). */
  readonly dataDir?: string;
  readonly seed?: number;
  /** Continue runs that were interrupted (those with a checkpoint) instead of starting them again. */
  readonly resume?: boolean;
  /** Train the runs again, replacing a demo already in `out` (otherwise a finished demo is refused). */
  readonly overwrite?: boolean;
}

/** What the demo produced. */
export interface DemoResults {
  readonly backend: string;
  readonly epochs: number;
  readonly runs: readonly RunResults[];
  readonly dirs: readonly string[];
  readonly reportPath: string;
}

/**
 * The demo: Fashion-MNIST long-tailed at IF 100, the small CNN trained with softmax cross-entropy and with
 * the class-balanced softmax (β = 0.9999) — see `demoRuns` — then one HTML report of both runs in
 * `OUT/report.html`. The backend is chosen first (`auto`: libtorch, else wasm), then the epochs from it
 * unless given; the choice is logged. When `signal` aborts (Ctrl-C), `runExperiment` saves a checkpoint and
 * throws `TrainingInterruptedError`, which propagates; `resume` then continues from the checkpoints.
 *
 * @example
 * const demo = await runDemo({ out: 'runs/demo' }, { log: console.error });
 * console.log(demo.runs.map((r) => r.top1Error), demo.reportPath);
 */
export async function runDemo(
  options: RunDemoOptions = {},
  hooks: { readonly log?: (line: string) => void; readonly signal?: AbortSignal } = {},
): Promise<DemoResults> {
  const log = hooks.log ?? (() => {});
  const out = options.out ?? join('runs', 'demo');
  const threads = options.threads;
  const { backend } = await selectBackend(options.backend ?? 'auto', { log, ...(threads === undefined ? {} : { threads }) });
  const epochs = options.epochs ?? demoEpochs(backend);
  log(
    `demo: backend ${backend}, ${epochs} epoch${epochs === 1 ? '' : 's'} per run` +
      (options.epochs === undefined ? ` (chosen for ${backend}; change with --epochs)` : ''),
  );
  if (backend === 'cpu') {
    log('demo: the pure-JS cpu backend is very slow for convolutions; expect a long run (libtorch or wasm are much faster)');
  }
  const plans = demoRuns({
    out,
    epochs,
    backend: backend as BackendChoice,
    ...(threads === undefined ? {} : { threads }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const runs: RunResults[] = [];
  for (const [i, plan] of plans.entries()) {
    const out = plan.output.out;
    const runOptions = resolveRunOptions({ ...plan, output: { out, resume: options.resume === true && existsSync(join(out, 'checkpoint')) } });
    log(`demo: run ${i + 1}/${plans.length}: ${runOptions.loss.method} β=${runOptions.loss.beta} → ${out}`);
    runs.push(await runExperiment(runOptions, { log, ...(hooks.signal ? { signal: hooks.signal } : {}), overwrite: options.overwrite === true }));
  }
  const reportPath = join(out, 'report.html');
  writeReport(reportPath, await renderRunReport(runs, { title: 'cbloss demo: Fashion-MNIST, imbalance factor 100' }));
  return { backend, epochs, runs, dirs: plans.map((p) => p.output.out), reportPath };
}
