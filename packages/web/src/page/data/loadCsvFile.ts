import { parseCsvTable } from './parseCsvTable.js';
import type { PageDataset } from './PageDataset.js';

/**
 * Reads a CSV file in the browser (`File.text()`) as a table dataset (see `parseCsvTable` for the rules).
 * Features are standardised later, with the training rows' statistics.
 *
 * @example
 * const dataset = await loadCsvFile(input.files[0]); // { kind: 'table', sampleShape: [4], … }
 */
export async function loadCsvFile(file: File): Promise<PageDataset> {
  const table = parseCsvTable(await file.text(), file.name);
  return {
    kind: 'table',
    name: file.name,
    classNames: table.classNames,
    x: table.features,
    sampleShape: [table.numFeatures],
    labels: table.labels,
    samplesPerClass: table.samplesPerClass,
    skipped: 0,
  };
}
