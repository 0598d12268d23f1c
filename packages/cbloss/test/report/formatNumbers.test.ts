import { describe, expect, it } from 'vitest';
import { formatMeanStd, formatParameter, formatPercent, MISSING } from '../../src/report/formatNumbers.js';

describe('formatNumbers', () => {
  it('formatPercent rounds to 2 decimals and prints — for missing or non-finite values', () => {
    expect(formatPercent(12.3456)).toBe('12.35');
    expect(formatPercent(0)).toBe('0.00');
    expect(formatPercent(99.996, 1)).toBe('100.0');
    for (const v of [null, undefined, NaN, Infinity]) expect(formatPercent(v)).toBe(MISSING);
  });

  it('formatParameter hides float noise and trailing zeros', () => {
    expect(formatParameter(0.1 + 0.2)).toBe('0.3');
    expect(formatParameter(0.9999)).toBe('0.9999');
    expect(formatParameter(0.99999)).toBe('0.99999');
    expect(formatParameter(2)).toBe('2');
    expect(formatParameter(undefined)).toBe(MISSING);
  });

  it('formatMeanStd prints ± only with a finite spread', () => {
    expect(formatMeanStd(28.3, 0.412)).toBe('28.30 ± 0.41');
    expect(formatMeanStd(28.3)).toBe('28.30');
    expect(formatMeanStd(28.3, NaN)).toBe('28.30');
  });
});
