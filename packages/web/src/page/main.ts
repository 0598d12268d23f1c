// The page: wires the controls to the data, weights, training, evaluation and comparison modules. State is
// the current dataset and split, the run being trained (if any) and the runs finished on this split.
import * as tf from '@tensorflow/tfjs-core';
import { backendChoice } from './backend/backendChoice.js';
import { useBackend } from './backend/useBackend.js';
import { droppedFiles } from './data/droppedFiles.js';
import { loadCsvFile } from './data/loadCsvFile.js';
import { loadImageFiles, type FolderFile } from './data/loadImageFiles.js';
import type { PageDataset } from './data/PageDataset.js';
import { prepareSplit, type PreparedData } from './data/prepareSplit.js';
import { runMetrics } from './eval/runMetrics.js';
import { createMethodLoss, methodByName, METHODS } from './methods.js';
import { readMethodFields, renderMethodFields } from './ui/methodFields.js';
import { buildModel } from './model/buildModel.js';
import { runLabel } from './report/runLabel.js';
import type { RunRecord } from './report/RunRecord.js';
import { runReport } from './report/runReport.js';
import { Trainer } from './train/Trainer.js';
import { betaFromSlider, sliderFromBeta } from './ui/betaScale.js';
import { byId, download } from './ui/dom.js';
import { renderCompare } from './ui/renderCompare.js';
import { renderProgress } from './ui/renderProgress.js';
import { renderResults } from './ui/renderResults.js';
import { renderWeights } from './ui/renderWeights.js';

declare const __LIBRARY_VERSION__: string;

/** A run in progress or paused: its trainer and what it was started with. */
interface ActiveRun {
  readonly trainer: Trainer;
  readonly base: Omit<RunRecord, 'history' | 'metrics' | 'status'>;
}

const state: {
  dataset?: PageDataset;
  prepared?: PreparedData;
  x?: tf.Tensor;
  active?: ActiveRun;
  runs: RunRecord[];
  beta: number;
  busy: boolean;
} = { runs: [], beta: 0.9999, busy: false };

const input = <T extends HTMLElement = HTMLInputElement>(id: string): T => byId<T>(id);
const numberOf = (id: string): number => Number(input(id).value);

function setStatus(id: string, message: string, isError = false): void {
  const element = byId(id);
  element.textContent = message;
  element.classList.toggle('error', isError);
}

/** Runs an action of the page; its errors are shown in a status line, never thrown at the user. */
function guarded(statusId: string, action: () => Promise<void>): () => void {
  return () => {
    action().catch((error: unknown) => {
      state.busy = false;
      updateButtons();
      setStatus(statusId, error instanceof Error ? error.message : String(error), true);
      byId(statusId).dataset['state'] = 'error';
      console.error(error);
    });
  };
}

function updateButtons(): void {
  const ready = state.prepared !== undefined;
  input<HTMLButtonElement>('train-button').disabled = !ready || state.busy;
  input<HTMLButtonElement>('stop-button').disabled = !state.busy;
  input<HTMLButtonElement>('continue-button').disabled = state.busy || state.active === undefined;
  input<HTMLSelectElement>('backend-select').disabled = state.busy;
  for (const id of ['folder-input', 'csv-input', 'image-size', 'test-fraction', 'seed']) input(id).disabled = state.busy;
  input<HTMLButtonElement>('export-model').disabled = state.busy || state.active === undefined;
  input<HTMLButtonElement>('export-report').disabled = state.busy || state.runs.length === 0;
}

/** Frees the active run's model and optimizer (its record stays in the comparison). */
function disposeActive(): void {
  state.active?.trainer.dispose();
  state.active?.trainer.model.dispose();
  state.active = undefined;
}

/** After new data or a new split: forget the runs (they were measured on other held-out samples). */
async function useDataset(dataset: PageDataset): Promise<void> {
  const prepared = prepareSplit(dataset, numberOf('test-fraction'), numberOf('seed'));
  state.dataset = dataset;
  state.prepared = prepared;
  state.x?.dispose();
  state.x = undefined;
  disposeActive();
  state.runs = [];
  byId('results-section').hidden = true;
  byId('compare-section').hidden = true;
  byId('weights-section').hidden = false;
  byId('train-section').hidden = false;
  const shape = dataset.kind === 'images' ? `${dataset.sampleShape[0]}×${dataset.sampleShape[1]} RGB images` : `rows of ${dataset.sampleShape[0]} features`;
  setStatus(
    'data-status',
    `${dataset.name}: ${dataset.labels.length} ${shape} in ${dataset.classNames.length} classes` +
      `${dataset.skipped > 0 ? ` (${dataset.skipped} other files skipped)` : ''}; ` +
      `${prepared.split.train.length} for training, ${prepared.split.test.length} held out (stratified, seed ${numberOf('seed')}).`,
  );
  setStatus('train-status', '');
  delete byId('train-status').dataset['state'];
  updateButtons();
  await renderWeights(dataset.classNames, prepared, state.beta);
}

async function setBeta(beta: number): Promise<void> {
  state.beta = beta;
  input('beta-input').value = String(beta);
  input('beta-slider').value = String(sliderFromBeta(beta));
  if (state.dataset !== undefined && state.prepared !== undefined) await renderWeights(state.dataset.classNames, state.prepared, beta);
}

function record(active: ActiveRun, metrics: RunRecord['metrics'], status: RunRecord['status']): RunRecord {
  return { ...active.base, history: [...active.trainer.history], metrics, status };
}

/** Trains the active run up to the epochs field, then evaluates it and shows the results. */
async function trainActive(): Promise<void> {
  const { active, dataset, prepared } = state;
  if (active === undefined || dataset === undefined || prepared === undefined) return;
  state.busy = true;
  updateButtons();
  byId('train-status').dataset['state'] = 'running';
  const epochs = Math.max(1, Math.round(numberOf('epochs')));
  const outcome = await active.trainer.train(epochs, {
    onBatch: (epoch, batch, batches, loss) => setStatus('train-status', `${active.base.label}: epoch ${epoch}/${epochs}, batch ${batch}/${batches}, loss ${loss.toFixed(4)}`),
    onEpoch: () => void renderProgress(active.base.label, dataset.classNames, active.trainer.history),
  });
  const testLabels = prepared.split.test.map((i) => dataset.labels[i] as number);
  const predictions = await active.trainer.predict(prepared.split.test);
  const run = record(active, runMetrics(testLabels, predictions, dataset.classNames.length, prepared.trainCounts), outcome === 'done' ? 'finished' : 'stopped');
  const index = state.runs.findIndex((r) => r.id === run.id);
  if (index >= 0) state.runs[index] = run;
  else state.runs.push(run);
  state.busy = false;
  updateButtons();
  setStatus(
    'train-status',
    outcome === 'done'
      ? `${run.label}: finished ${run.history.length} epochs; held-out accuracy ${run.metrics.accuracy.toFixed(1)} % (balanced ${run.metrics.balancedAccuracy.toFixed(1)} %).`
      : `${run.label}: stopped in epoch ${run.history.length + 1}; Continue resumes at the same batch.`,
  );
  byId('train-status').dataset['state'] = run.status;
  byId('results-section').hidden = false;
  byId('compare-section').hidden = state.runs.length < 2;
  await renderProgress(run.label, dataset.classNames, run.history);
  await renderResults(run);
  if (state.runs.length >= 2) await renderCompare(state.runs);
}

async function startRun(): Promise<void> {
  const { dataset, prepared } = state;
  if (dataset === undefined || prepared === undefined) return;
  byId('train-status').dataset['state'] = 'running'; // at once: a script waiting for 'finished' must not see the last run's
  const backend = await useBackend(backendChoice(input<HTMLSelectElement>('backend-select').value));
  byId('backend-status').textContent = `using ${backend}`;
  state.x ??= tf.tensor(prepared.x, [dataset.labels.length, ...dataset.sampleShape]);
  const methodName = input<HTMLSelectElement>('method-select').value;
  const method = methodByName(methodName);
  const beta = input('class-balanced').checked ? state.beta : 0;
  const parameters = readMethodFields(byId('method-parameters'), method);
  const drwFrom = Math.round(numberOf('drw-epoch'));
  const drwEpoch = beta > 0 && drwFrom > 1 ? drwFrom - 1 : undefined;
  const loss = createMethodLoss(methodName, { samplesPerClass: prepared.trainCounts, beta, parameters, ...(drwEpoch === undefined ? {} : { drwEpoch }) });
  const seed = numberOf('seed');
  const model = buildModel({ sampleShape: dataset.sampleShape, numClasses: dataset.classNames.length, finalBias: method.finalBias, classifier: method.classifier, seed });
  const settings = { batchSize: Math.max(1, Math.round(numberOf('batch-size'))), learningRate: numberOf('learning-rate'), seed };
  disposeActive();
  const id = (state.runs[state.runs.length - 1]?.id ?? 0) + 1;
  state.active = {
    trainer: new Trainer(model, loss, { x: state.x, labels: dataset.labels, train: prepared.split.train, test: prepared.split.test }, settings),
    base: {
      id,
      label: runLabel(id, methodName, beta, loss.parameters, drwEpoch),
      method: methodName,
      beta,
      parameters: loss.parameters,
      drwEpoch,
      backend,
      seed,
      settings: { ...settings, testFraction: numberOf('test-fraction'), epochs: Math.round(numberOf('epochs')) },
      data: {
        name: dataset.name,
        kind: dataset.kind,
        sampleShape: dataset.sampleShape,
        classNames: dataset.classNames,
        trainCounts: prepared.trainCounts,
        testCounts: prepared.testCounts,
        imbalanceFactor: prepared.imbalanceFactor,
      },
      weights: loss.classWeights,
    },
  };
  await trainActive();
}

async function loadFolder(files: readonly FolderFile[]): Promise<void> {
  setStatus('data-status', `reading ${files.length} files…`);
  const dataset = await loadImageFiles(files, numberOf('image-size'), (done, total) => setStatus('data-status', `decoding images: ${done}/${total}`));
  await useDataset(dataset);
}

function showMethodParameters(): void {
  renderMethodFields(byId('method-parameters'), methodByName(input<HTMLSelectElement>('method-select').value));
}

function setUp(): void {
  byId('library-version').textContent = __LIBRARY_VERSION__;
  const methodSelect = input<HTMLSelectElement>('method-select');
  methodSelect.replaceChildren(
    ...METHODS.map((m) => {
      const option = new Option(m.label, m.name);
      option.title = `${m.summary} (${m.reference})`;
      return option;
    }),
  );
  methodSelect.addEventListener('change', showMethodParameters);
  showMethodParameters();
  input('folder-input').addEventListener('change', guarded('data-status', async () => {
    const files = [...(input('folder-input').files ?? [])];
    await loadFolder(files.map((file) => ({ file, path: file.webkitRelativePath || file.name })));
  }));
  input('csv-input').addEventListener('change', guarded('data-status', async () => {
    const file = input('csv-input').files?.[0];
    if (file !== undefined) await useDataset(await loadCsvFile(file));
  }));
  const zone = byId('drop-zone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const transfer = event.dataTransfer;
    if (transfer === null) return;
    guarded('data-status', async () => {
      const files = await droppedFiles(transfer);
      const csv = files.length === 1 && files[0]?.path.toLowerCase().endsWith('.csv') ? files[0] : undefined;
      if (csv !== undefined) await useDataset(await loadCsvFile(csv.file as File));
      else await loadFolder(files);
    })();
  });
  for (const id of ['test-fraction', 'seed']) {
    input(id).addEventListener('change', guarded('data-status', async () => {
      if (state.dataset !== undefined) await useDataset(state.dataset);
    }));
  }
  input('beta-slider').addEventListener('input', guarded('data-status', () => setBeta(betaFromSlider(numberOf('beta-slider')))));
  input('beta-input').addEventListener('change', guarded('data-status', async () => {
    const beta = numberOf('beta-input');
    if (!(beta >= 0 && beta < 1)) throw new Error(`page: 'β' must be in [0, 1); got '${input('beta-input').value}'.`);
    await setBeta(beta);
  }));
  input('train-button').addEventListener('click', guarded('train-status', startRun));
  input('continue-button').addEventListener('click', guarded('train-status', trainActive));
  input('stop-button').addEventListener('click', () => state.active?.trainer.stop());
  input('export-model').addEventListener('click', guarded('train-status', async () => {
    const active = state.active;
    if (active !== undefined) await active.trainer.model.save(`downloads://class-balanced-${active.base.method}-run${active.base.id}`);
  }));
  input('export-report').addEventListener('click', () => {
    const run = state.runs[state.runs.length - 1];
    if (run !== undefined) download(`class-balanced-run${run.id}-report.json`, runReport(run, __LIBRARY_VERSION__), 'application/json');
  });
  input<HTMLSelectElement>('backend-select').addEventListener('change', guarded('train-status', async () => {
    byId('backend-status').textContent = `using ${await useBackend(backendChoice(input<HTMLSelectElement>('backend-select').value))}`;
  }));
  updateButtons();
  void setBeta(state.beta);
  guarded('train-status', async () => {
    byId('backend-status').textContent = `using ${await useBackend('auto')}`;
    document.body.dataset['ready'] = 'true';
  })();
}

setUp();
