import { describe, expect, it } from 'vitest';
import { formatWeightsTable } from '../../src/cli/formatWeightsTable.js';
import { parseChoice, parseInteger, parseIntegerList, parseNumber, parseNumberList } from '../../src/cli/parseValues.js';

describe('formatWeightsTable', () => {
  it('right-aligns the columns and ends with the sum row', () => {
    expect(formatWeightsTable([100, 10], [63.396765872677086, 9.561792499119552], [0.2620039, 1.7379961])).toBe(
      [
        '| class |   n |   E_n | weight |',
        '|------:|----:|------:|-------:|',
        '|     0 | 100 | 63.40 | 0.2620 |',
        '|     1 |  10 |  9.56 | 1.7380 |',
        '|   sum | 110 |       | 2.0000 |',
      ].join('\n'),
    );
  });
});

describe('parseValues', () => {
  it('parses numbers, integers and lists', () => {
    expect(parseNumber('c', '--x', '1e-4')).toBe(1e-4);
    expect(parseInteger('c', '--x', '12')).toBe(12);
    expect(parseNumberList('c', '--x', '0, 0.9,0.99')).toEqual([0, 0.9, 0.99]);
    expect(parseIntegerList('c', '--x', '5000,2997')).toEqual([5000, 2997]);
    expect(parseChoice('c', '--x', 'wasm', ['cpu', 'wasm'])).toBe('wasm');
  });

  it.each([
    [() => parseNumber('c', '--x', ''), `c: '--x' must be a number; got ''.`],
    [() => parseNumber('c', '--x', 'Infinity'), `c: '--x' must be a number; got 'Infinity'.`],
    [() => parseInteger('c', '--x', '1.5'), `c: '--x' must be an integer; got '1.5'.`],
    [() => parseNumberList('c', '--x', '1,'), `c: '--x' must be a comma-separated list without empty items; got '1,'.`],
    [() => parseChoice('c', '--x', 'wsm', ['cpu', 'wasm']), `c: '--x' must be one of cpu, wasm; got 'wsm' (did you mean 'wasm'?).`],
  ])('rejects bad values with the project message format', (parse, message) => {
    expect(parse).toThrow(message);
  });
});
