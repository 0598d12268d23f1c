import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DataSplit, Dataset } from '../types.js';
import { fileError } from './fileError.js';
import { stratifiedIndices } from './stratifiedIndices.js';
import { subsetSplit } from './subsetSplit.js';
import { CblossError } from '../CblossError.js';
import { RunOptionsError } from '../run/RunOptionsError.js';

/** Options of {@link loadCsv}. */
export interface CsvOptions {
  /** Name of the label column in the header. Default: `'label'` if the header has it, else the last column. */
  readonly labelColumn?: string;
  /** Seed of the stratified train/test split of a single file. Default 0. */
  readonly seed?: number;
  /** Fraction of each class held out as test set when `path` is a single file. Default 0.2. */
  readonly testFraction?: number;
}

interface CsvTable {
  readonly features: Float32Array;
  readonly labels: string[];
  readonly numFeatures: number;
  /** File line of each row, for messages. */
  readonly lines: number[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** Parses one CSV file: optional header (see {@link loadCsv}), numeric features, a label column. */
function readTable(path: string, labelColumn: string | undefined): CsvTable {
  const fn = 'loadCsv';
  if (!existsSync(path)) throw new CblossError('not-found', `${fn}: file '${path}' must exist; got no such file.`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns { record, info } objects; its typings do not model that overload.
    records = parse(readFileSync(path, 'utf8'), { bom: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (e) {
    throw fileError(fn, path, 'be valid CSV with the same number of columns on every row', `'${(e as Error).message}'`);
  }
  const first = records[0]?.record ?? [];
  const hasHeader = first.slice(0, -1).some((cell) => !NUMBER.test(cell)) || first.includes(labelColumn ?? 'label');
  const header = hasHeader ? first : undefined;
  const body = hasHeader ? records.slice(1) : records;
  if (first.length < 2 || body.length === 0) {
    throw fileError(fn, path, 'have at least one data row of 2 or more columns (features, label)', `${body.length} rows of ${first.length} columns`);
  }
  let labelIndex = first.length - 1;
  if (labelColumn !== undefined || header?.includes('label')) {
    const name = labelColumn ?? 'label';
    labelIndex = header?.indexOf(name) ?? -1;
    if (labelIndex < 0) throw fileError(fn, path, `have a header with a '${name}' column`, `[${(header ?? []).join(', ')}]`);
  }
  const numFeatures = first.length - 1;
  const features = new Float32Array(body.length * numFeatures);
  const labels: string[] = [];
  const lines: number[] = [];
  body.forEach(({ record, info }, r) => {
    let f = 0;
    record.forEach((cell, c) => {
      if (c === labelIndex) return;
      const value = NUMBER.test(cell) ? Number(cell) : NaN;
      if (!Number.isFinite(value)) {
        throw fileError(fn, path, 'hold finite numbers in every feature column', `'${cell}' at line ${info.lines}, column ${c + 1}`);
      }
      features[r * numFeatures + f++] = value;
    });
    const label = record[labelIndex] ?? '';
    if (label === '') throw fileError(fn, path, 'have a label on every row', `an empty label at line ${info.lines}`);
    labels.push(label);
    lines.push(info.lines);
  });
  return { features, labels, numFeatures, lines };
}

/**
 * The classes of a table, by the rule of {@link loadCsv}: when every label is a number, labels are class ids and
 * must be integers 0..K-1 with none missing (so `0.5`, `-1` or `1000000` in a 0/1 column is an error naming its
 * line, not a new class); otherwise labels are class names, in sorted (code-point) order.
 */
function classNamesOf(table: CsvTable, path: string): string[] {
  const distinct = [...new Set(table.labels)];
  if (!distinct.every((l) => NUMBER.test(l))) return distinct.sort();
  const lineOf = (label: string): string => `line ${table.lines[table.labels.indexOf(label)]}`;
  const notId = distinct.find((l) => !INTEGER.test(l) || Number(l) < 0);
  if (notId !== undefined) {
    throw fileError('loadCsv', path, 'hold class ids 0, 1, 2, ... (integers >= 0) or class names as labels', `'${notId}' at ${lineOf(notId)}`);
  }
  const ids = distinct.sort((a, b) => Number(a) - Number(b));
  const gap = ids.find((l, i) => Number(l) !== i);
  if (gap !== undefined) {
    throw fileError(
      'loadCsv',
      path,
      `hold class ids 0..K-1 with none missing (the ids are ${describeIds(ids)})`,
      `'${gap}' at ${lineOf(gap)}, where ${ids.indexOf(gap)} was expected`,
    );
  }
  return ids;
}

function describeIds(ids: readonly string[]): string {
  return ids.length <= 6 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')}, ..., ${ids.slice(-2).join(', ')}`;
}

function toSplit(table: CsvTable, classIndex: ReadonlyMap<string, number>, path: string): DataSplit {
  const labels = new Int32Array(table.labels.length);
  table.labels.forEach((name, i) => {
    const c = classIndex.get(name);
    if (c === undefined) throw fileError('loadCsv', path, `only hold labels seen in the training data [${[...classIndex.keys()].join(', ')}]`, `'${name}' at line ${table.lines[i]}`);
    labels[i] = c;
  });
  return { x: table.features, labels, count: labels.length };
}

/**
 * Loads a tabular dataset from CSV (parsed with csv-parse's sync API): numeric feature columns and one label
 * column, as `Float32Array` samples of `sampleShape` `[F]`.
 *
 * - `path` a file: the whole table, split into train/test by a seeded stratified split holding out
 *   `testFraction` (0.2) of every class (each class keeps ≥ 1 training row).
 *   `path` a directory: `train.csv` and `test.csv` (same columns; test labels must occur in train).
 * - Header: the first row is a header when a non-last cell is not a number or it contains the label column
 *   name. Label column: `labelColumn`, else `label` if present, else the last column.
 * - Labels: either class ids or class names. When every label of the training file is a number, they are class
 *   ids: integers 0..K-1 with none missing (`0.5`, `-1`, or `1000000` in a 0/1 column are `invalid-file` naming
 *   the file, line and value, never extra classes). Otherwise every label is a class name (`setosa`, `cat`),
 *   classes in sorted (code-point) order. `classNames` are the label strings. Empty or non-numeric feature cells
 *   give `invalid-file` with the line.
 *
 * @example
 * // iris.csv: sepal_length,sepal_width,petal_length,petal_width,label
 * const ds = loadCsv('iris.csv', { seed: 1 });
 * ds.sampleShape, ds.classNames; // [4], ['setosa', 'versicolor', 'virginica']
 * ds.train.count, ds.test.count; // 120, 30
 */
export function loadCsv(path: string, options: CsvOptions = {}): Dataset {
  const { labelColumn, seed = 0, testFraction = 0.2 } = options;
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new CblossError('invalid-argument', `loadCsv: 'testFraction' must be in [0, 1); got ${testFraction}.`);
  }
  const full = resolve(path);
  if (!existsSync(full)) throw new RunOptionsError('loadCsv', 'path', 'be a CSV file or a directory with train.csv and test.csv', full, 'not-found', ' (no such file)');
  const isDir = statSync(full).isDirectory();
  const trainTable = readTable(isDir ? join(full, 'train.csv') : full, labelColumn);
  const classNames = classNamesOf(trainTable, isDir ? join(full, 'train.csv') : full);
  const classIndex = new Map(classNames.map((name, i) => [name, i] as const));
  let train: DataSplit;
  let test: DataSplit;
  if (isDir) {
    const testPath = join(full, 'test.csv');
    const testTable = readTable(testPath, labelColumn);
    if (testTable.numFeatures !== trainTable.numFeatures) {
      throw fileError('loadCsv', testPath, `have ${trainTable.numFeatures} feature columns like train.csv`, String(testTable.numFeatures));
    }
    train = toSplit(trainTable, classIndex, join(full, 'train.csv'));
    test = toSplit(testTable, classIndex, testPath);
  } else {
    const all = toSplit(trainTable, classIndex, full);
    const { kept, heldOut } = stratifiedIndices(all.labels, classNames.length, testFraction, seed, 'csv-test');
    train = subsetSplit(all, kept, trainTable.numFeatures);
    test = subsetSplit(all, heldOut, trainTable.numFeatures);
  }
  return {
    name: `csv:${path}`,
    kind: 'tabular',
    sampleShape: [trainTable.numFeatures],
    numClasses: classNames.length,
    classNames,
    train,
    test,
    source: full,
  };
}
