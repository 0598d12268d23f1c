import { describe, expect, it } from 'vitest';
import { parseCsvTable } from '../../../src/page/data/parseCsvTable.js';

describe('parseCsvTable', () => {
  it('reads a header with a label column anywhere; string labels sorted', () => {
    const table = parseCsvTable('label,x,y\ndog,1,2\ncat,3,4\ndog,5,6\n', 'pets.csv');
    expect(table.classNames).toEqual(['cat', 'dog']);
    expect([...table.labels]).toEqual([1, 0, 1]);
    expect(table.samplesPerClass).toEqual([1, 2]);
    expect(table.numFeatures).toBe(2);
    expect([...table.features]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('without a header the last column is the label; integer labels in numeric order', () => {
    const table = parseCsvTable('0.5,10\n1e-3,2\n-2,10\n', 'n.csv');
    expect(table.classNames).toEqual(['2', '10']); // numeric, not text order ('10' < '2')
    expect([...table.labels]).toEqual([1, 0, 1]);
    expect([...table.features]).toEqual([0.5, Math.fround(1e-3), -2]);
  });

  it('names the file and the line of a bad cell', () => {
    expect(() => parseCsvTable('x,label\n1,a\nfoo,b\n', 'bad.csv')).toThrow(
      "parseCsvTable: 'bad.csv' must hold finite numbers in every feature column; got 'foo' at line 3, column 1.",
    );
    expect(() => parseCsvTable('x,label\n1,a\n2,\n', 'e.csv')).toThrow("parseCsvTable: 'e.csv' must have a label on every row; got an empty label at line 3.");
    expect(() => parseCsvTable('x,label\n1,a\n2,b,3\n', 'r.csv')).toThrow(/^parseCsvTable: 'r.csv' must be valid CSV with the same number of columns on every row; got '.+'\.$/);
    expect(() => parseCsvTable('x,label\n', 'h.csv')).toThrow("parseCsvTable: 'h.csv' must have at least one data row of 2 or more columns (features, label); got 0 rows of 2 columns.");
    expect(() => parseCsvTable('x,label\n1,a\n2,a\n', 'one.csv')).toThrow("parseCsvTable: 'one.csv' must have at least 2 distinct labels; got 1 (a).");
  });
});
