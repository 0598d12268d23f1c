import { parse } from 'csv-parse/browser/esm/sync';
import { CbLossError } from 'class-balanced-loss';

/** A CSV file read as a classification table. */
export interface CsvTable {
  /** Row-major features, `rows × numFeatures`. */
  readonly features: Float32Array;
  readonly numFeatures: number;
  /** Class id of each row. */
  readonly labels: Int32Array;
  /** Class names: the label strings, in numeric order when all are integers, else sorted. */
  readonly classNames: string[];
  /** Rows per class, length C. */
  readonly samplesPerClass: number[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

function csvError(file: string, rule: string, got: string): CbLossError {
  return new CbLossError('invalid-file', `parseCsvTable: '${file}' must ${rule}; got ${got}.`);
}

/**
 * Parses a CSV file (csv-parse) into numeric features and class labels, with the rules of `cbloss train
 * --dataset csv:FILE`: the first row is a header when one of its feature cells is not a number or it has a
 * `label` column; the label column is `label` when the header has one, else the last column; every other
 * cell must be a finite number. Labels may be any strings.
 *
 * @param text - the file's content.
 * @param file - its name, for messages.
 * @throws CbLossError('invalid-file') naming the file and the line of a bad cell.
 * @example
 * parseCsvTable('x,y,label\n1,2,cat\n3,4,dog\n5,6,dog\n', 'pets.csv');
 * // { features: Float32Array [1, 2, 3, 4, 5, 6], numFeatures: 2, labels: Int32Array [0, 1, 1],
 * //   classNames: ['cat', 'dog'], samplesPerClass: [1, 2] }
 */
export function parseCsvTable(text: string, file: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw csvError(file, 'be valid CSV with the same number of columns on every row', `'${(error as Error).message}'`);
  }
  const first = records[0] ?? [];
  const hasHeader = first.slice(0, -1).some((cell) => !NUMBER.test(cell)) || first.includes('label');
  const body = hasHeader ? records.slice(1) : records;
  if (first.length < 2 || body.length === 0) {
    throw csvError(file, 'have at least one data row of 2 or more columns (features, label)', `${body.length} rows of ${first.length} columns`);
  }
  const labelIndex = hasHeader && first.includes('label') ? first.indexOf('label') : first.length - 1;
  const numFeatures = first.length - 1;
  const features = new Float32Array(body.length * numFeatures);
  const labelNames: string[] = [];
  body.forEach((record, r) => {
    const line = r + (hasHeader ? 2 : 1);
    let f = 0;
    record.forEach((cell, c) => {
      if (c === labelIndex) return;
      const value = NUMBER.test(cell) ? Number(cell) : NaN;
      if (!Number.isFinite(value)) throw csvError(file, 'hold finite numbers in every feature column', `'${cell}' at line ${line}, column ${c + 1}`);
      features[r * numFeatures + f++] = value;
    });
    const label = record[labelIndex] ?? '';
    if (label === '') throw csvError(file, 'have a label on every row', `an empty label at line ${line}`);
    labelNames.push(label);
  });
  const distinct = [...new Set(labelNames)];
  const classNames = distinct.every((l) => INTEGER.test(l)) ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  if (classNames.length < 2) throw csvError(file, 'have at least 2 distinct labels', `${classNames.length} (${classNames.join(', ')})`);
  const classIndex = new Map(classNames.map((name, i) => [name, i] as const));
  const labels = Int32Array.from(labelNames, (name) => classIndex.get(name) as number);
  const samplesPerClass = classNames.map(() => 0);
  for (const label of labels) samplesPerClass[label] = (samplesPerClass[label] ?? 0) + 1;
  return { features, numFeatures, labels, classNames, samplesPerClass };
}
