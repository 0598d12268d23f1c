import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/data/loadCsv.js';
import { put, tempDir } from './tempDir.js';

/** `n` rows per class of `label,f1,f2`-style data: features (row index, class index). */
function table(classes: string[], perClass: number[], header = 'f1,f2,label'): string {
  const rows = [header];
  classes.forEach((c, k) => {
    for (let i = 0; i < (perClass[k] ?? 0); i++) rows.push(`${i},${k},${c}`);
  });
  return rows.join('\n') + '\n';
}

describe('loadCsv', () => {
  it('reads train.csv/test.csv in a directory, string labels → sorted class names', () => {
    const dir = tempDir();
    put(dir, 'train.csv', 'x,label,y\n1.5,dog,2\n-3,cat,4e-1\n0,dog,.5\n');
    put(dir, 'test.csv', 'x,label,y\n7,cat,8\n');
    const ds = loadCsv(dir);
    expect(ds.kind).toBe('tabular');
    expect(ds.sampleShape).toEqual([2]);
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(ds.train.labels)).toEqual([1, 0, 1]);
    expect(ds.train.x).toBeInstanceOf(Float32Array);
    expect(Array.from(ds.train.x)).toEqual([1.5, 2, -3, Math.fround(0.4), 0, 0.5]);
    expect(Array.from(ds.test.x)).toEqual([7, 8]);
    expect(Array.from(ds.test.labels)).toEqual([0]);
  });

  it('without a header uses the last column; integer labels are class ids, ordered numerically', () => {
    const dir = tempDir();
    put(dir, 'train.csv', '1,2,10\n3,4,2\n5,6,1\n7,8,0\n9,9,3\n1,1,4\n2,2,5\n3,3,6\n4,4,7\n5,5,8\n6,6,9\n');
    put(dir, 'test.csv', '1,1,2\n');
    const ds = loadCsv(dir);
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']); // 10 after 9, not after 1
    expect(Array.from(ds.train.labels)).toEqual([10, 2, 1, 0, 3, 4, 5, 6, 7, 8, 9]);
    expect(ds.train.count).toBe(11);
  });

  it.each([
    ['0.5', /must hold class ids 0, 1, 2, \.\.\. \(integers >= 0\) or class names as labels; got '0\.5' at line 4\./],
    ['-1', /must hold class ids 0, 1, 2, \.\.\. \(integers >= 0\) or class names as labels; got '-1' at line 4\./],
    ['1000000', /must hold class ids 0\.\.K-1 with none missing \(the ids are 0, 1, 1000000\); got '1000000' at line 4, where 2 was expected\./],
  ])('a label %s in a 0/1 column is an error naming the file, line and value (not a new class)', (label, message) => {
    const dir = tempDir();
    const path = put(dir, 'd.csv', `a,b,label\n1,2,0\n3,4,1\n5,6,${label}\n7,8,0\n9,1,1\n`);
    expect(() => loadCsv(path)).toThrow(message);
    expect(() => loadCsv(path)).toThrow(`loadCsv: file '${path}'`);
  });

  it('splits a single file 80/20 per class, seeded and deterministic', () => {
    const path = put(tempDir(), 'data.csv', table(['a', 'b', 'c'], [50, 10, 2]));
    const ds = loadCsv(path, { seed: 3 });
    const count = (labels: Int32Array, c: number): number => labels.filter((l) => l === c).length;
    expect([0, 1, 2].map((c) => count(ds.test.labels, c))).toEqual([10, 2, 0]); // round(0.2·2) = 0
    expect([0, 1, 2].map((c) => count(ds.train.labels, c))).toEqual([40, 8, 2]);
    // Rows are intact: feature 2 is the class index.
    for (let i = 0; i < ds.test.count; i++) expect(ds.test.x[2 * i + 1]).toBe(ds.test.labels[i]);
    const again = loadCsv(path, { seed: 3 });
    expect(Array.from(again.test.x)).toEqual(Array.from(ds.test.x));
    const other = loadCsv(path, { seed: 4 });
    expect(Array.from(other.test.x)).not.toEqual(Array.from(ds.test.x));
  });

  it('honours labelColumn', () => {
    const path = put(tempDir(), 'd.csv', 'kind,a,b\n1,0.5,2\n0,1.5,3\n');
    const ds = loadCsv(path, { labelColumn: 'kind', testFraction: 0 });
    expect(ds.classNames).toEqual(['0', '1']);
    expect(Array.from(ds.train.x)).toEqual([0.5, 2, 1.5, 3]);
    expect(Array.from(ds.train.labels)).toEqual([1, 0]);
    expect(() => loadCsv(path, { labelColumn: 'nope' })).toThrow(/must have a header with a 'nope' column; got \[kind, a, b\]/);
  });

  it('rejects non-numeric and empty feature cells with the line and column', () => {
    const dir = tempDir();
    const path = put(dir, 'train.csv', 'a,b,label\n1,2,x\n3,oops,y\n');
    put(dir, 'test.csv', 'a,b,label\n1,2,x\n');
    expect(() => loadCsv(dir)).toThrow(
      expect.objectContaining({ code: 'invalid-file', message: `loadCsv: file '${path}' must hold finite numbers in every feature column; got 'oops' at line 3, column 2.` }),
    );
    put(dir, 'train.csv', 'a,b,label\n1,,x\n');
    expect(() => loadCsv(dir)).toThrow(/got '' at line 2, column 2/);
    put(dir, 'train.csv', '\ufeffa,b,label\n1,2,x\n\n\n3,4,\n'); // BOM, blank lines: lines still count
    expect(() => loadCsv(dir)).toThrow(/must have a label on every row; got an empty label at line 5/);
  });

  it('rejects ragged rows, header-only files, unseen test labels and different widths', () => {
    const dir = tempDir();
    put(dir, 'train.csv', 'a,b,label\n1,2,x\n3,y\n');
    put(dir, 'test.csv', 'a,b,label\n1,2,x\n');
    expect(() => loadCsv(dir)).toThrow(/must be valid CSV with the same number of columns on every row/);
    put(dir, 'train.csv', 'a,b,label\n');
    expect(() => loadCsv(dir)).toThrow(/at least one data row/);
    put(dir, 'train.csv', 'a,b,label\n1,2,x\n');
    put(dir, 'test.csv', 'a,b,label\n1,2,z\n');
    expect(() => loadCsv(dir)).toThrow(/test\.csv' must only hold labels seen in the training data \[x\]; got 'z' at line 2/);
    put(dir, 'test.csv', 'a,label\n1,x\n');
    expect(() => loadCsv(dir)).toThrow(/test\.csv' must have 2 feature columns like train\.csv; got 1/);
  });

  it('gives not-found for a missing path or a directory without test.csv', () => {
    expect(() => loadCsv('/nonexistent/data.csv')).toThrow(expect.objectContaining({ code: 'not-found' }));
    const dir = tempDir();
    put(dir, 'train.csv', 'a,label\n1,x\n');
    expect(() => loadCsv(dir)).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringContaining('test.csv') }));
  });
});
