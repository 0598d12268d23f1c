#!/usr/bin/env node
// Prints the tables of RESULTS.md from a sweep directory, and writes the plots of the imbalance factor's
// baseline-vs-class-balanced comparison and of the whole sweep (error against β) as SVG files.
//
//   node scripts/results.mjs [SWEEP_DIR=runs/fmnist-sweep] [--if 100] [--plots docs/fmnist-if100]
//                            [--sweep-plots docs/fmnist-sweep]
//
// Everything comes from SWEEP_DIR/sweep.json (written by `cbloss sweep`; the table is recomputed from its cells
// with this version's rules): the Table-2 layout, followed by the
// focal baseline at γ = 1 fixed for each imbalance factor (the β = 0, γ = 1 cell of the first finished cell's
// seed: a baseline with no tuned parameter, beside the table's focal row, which picks γ like β); then, for
// the chosen imbalance factor, the softmax baseline (β = 0) against the best class-balanced setting (chosen by
// the sweep's selection error, like the table): top-1 error, many/medium/few-shot and per-class accuracy.
// With a validation split it also prints the table with β/γ chosen on the test set, for context.
// --plots writes that comparison's plots (exportPlots), --sweep-plots the sweep's error-against-β plot
// (exportSweepPlots); SVG only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportPlots, exportSweepPlots, formatPerClassTable, formatResultsTable, formatSweepTable, selectionError, summarizeSweep } from 'cbloss';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { if: { type: 'string', default: '100' }, plots: { type: 'string' }, 'sweep-plots': { type: 'string' } },
});
const dir = positionals[0] ?? 'runs/fmnist-sweep';
const imbalanceFactor = Number(values.if);
const stored = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
// The table is recomputed from the cells with this version's rules (a sweep.json keeps the table of its time).
const sweep = { ...stored, table: summarizeSweep(stored.cells, { selection: stored.selection }) };

const done = sweep.cells.filter((cell) => cell.results !== undefined);
console.log(`sweep ${dir}: ${done.length}/${sweep.cells.length} cells finished, ${(sweep.wallSeconds / 3600).toFixed(2)} h of training`);
console.log(`selection of β/γ on: ${sweep.selection}\n`);
console.log(formatSweepTable(sweep));
// The focal baseline is γ = 1 with no re-weighting; the table's focal row picks γ on the selection split.
const seed = done[0]?.seed;
console.log(`\nFocal baseline at γ = 1 fixed (β = 0, seed ${seed ?? '-'}; the focal row above picks γ on the ${sweep.selection} split):`);
for (const factor of [...new Set(sweep.cells.map((cell) => cell.imbalanceFactor))].sort((a, b) => b - a)) {
  const cell = sweep.cells.find((c) => c.imbalanceFactor === factor && c.loss === 'focal' && c.beta === 0 && c.gamma === 1 && c.seed === seed);
  const text =
    cell === undefined ? 'no such cell in this sweep' : cell.results === undefined ? `not finished (${cell.id})` : `${cell.results.top1Error.toFixed(2)} (${cell.id})`;
  console.log(`  IF ${factor}: ${text}`);
}
if (sweep.selection === 'validation') {
  // For context only: the same cells with β/γ chosen on the test set, as the paper's code did (optimistic).
  const onTest = { ...sweep, selection: 'test', table: summarizeSweep(done, { selection: 'test' }) };
  console.log('\nThe same cells, β/γ chosen on the test set (as the paper\'s code did; optimistic):\n');
  console.log(formatSweepTable(onTest));
}

const atIf = done.filter((cell) => cell.imbalanceFactor === imbalanceFactor && cell.seed === done[0]?.seed);
const baseline = atIf.find((cell) => cell.loss === 'softmax' && cell.beta === 0);
const balanced = atIf
  .filter((cell) => cell.beta > 0)
  .sort((a, b) => selectionError(a.results, sweep.selection) - selectionError(b.results, sweep.selection))[0];
if (baseline === undefined || balanced === undefined) {
  console.log(`\nIF ${imbalanceFactor}: the softmax baseline or a class-balanced cell has not finished yet.`);
} else {
  const runs = [baseline.results, balanced.results];
  console.log(`\nIF ${imbalanceFactor}: softmax (β = 0) against the selected class-balanced setting (${balanced.id})\n`);
  console.log(formatResultsTable(runs));
  console.log();
  console.log(formatPerClassTable(runs, baseline.results.dataset.classNames));
  if (values.plots !== undefined) {
    const written = await exportPlots(runs, values.plots, { png: false });
    console.log(`\nplots: ${written.svg.join(', ')}`);
  }
}
if (values['sweep-plots'] !== undefined) {
  const written = await exportSweepPlots(sweep, values['sweep-plots'], { png: false });
  console.log(`\nsweep plots: ${written.svg.length > 0 ? written.svg.join(', ') : 'none (no finished cell)'}`);
}
