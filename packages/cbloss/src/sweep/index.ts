export { sweepCells, cellId, type SweepGrid } from './sweepCells.js';
export {
  summarizeSweep,
  sweepRowName,
  selectionError,
  type SweepCellResult,
  type SweepTableEntry,
  type SweepSelection,
} from './summarizeSweep.js';
export { meanStd } from './meanStd.js';
export { runSweep, type RunSweepOptions, type RunSweepHooks } from './runSweep.js';
