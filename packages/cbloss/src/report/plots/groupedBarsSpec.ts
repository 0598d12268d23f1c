import type { TopLevelSpec } from 'vega-lite';
import { chartWidth, classAxis, classKeys } from './classKeys.js';

/** Options of {@link groupedBarsSpec}. */
export interface GroupedBarsOptions {
  readonly yTitle: string;
  /** Fixed y domain, e.g. `[0, 100]` for accuracies; default: from the data. */
  readonly yDomain?: readonly [number, number];
  /** Draw a dashed horizontal reference line at this value (e.g. weight 1). */
  readonly rule?: number;
}

/**
 * Bars by class, one bar per series side by side (vega-lite `xOffset`), colored by series: the shape of the
 * class-weight and per-class-accuracy plots. `values[s][c]` is the value of series `s` for class `c`;
 * `null` draws no bar.
 *
 * @example
 * await renderSvg(groupedBarsSpec(['a', 'b'], ['softmax', 'CB softmax'], [[80, 20], [78, 45]],
 *   { yTitle: 'accuracy %', yDomain: [0, 100] }));
 */
export function groupedBarsSpec(
  classNames: readonly string[],
  series: readonly string[],
  values: readonly (readonly (number | null)[])[],
  options: GroupedBarsOptions,
): TopLevelSpec {
  const keys = classKeys(classNames);
  const rows = series.flatMap((name, s) =>
    keys.flatMap((key, c) => {
      const value = values[s]?.[c];
      return value === null || value === undefined || !Number.isFinite(value) ? [] : [{ index: c, class: key, series: name, order: s, value }];
    }),
  );
  const bars = {
    mark: { type: 'bar' as const },
    encoding: {
      x: { field: 'class', type: 'nominal' as const, sort: keys, axis: classAxis(keys.length), scale: { domain: keys } },
      xOffset: { field: 'series', type: 'nominal' as const, sort: [...series] },
      y: {
        field: 'value',
        type: 'quantitative' as const,
        title: options.yTitle,
        ...(options.yDomain ? { scale: { domain: [...options.yDomain] } } : {}),
      },
      color: { field: 'series', type: 'nominal' as const, title: 'run', sort: [...series], legend: { orient: 'top' as const, direction: 'vertical' as const } },
    },
  };
  return {
    width: chartWidth(keys.length, Math.max(40, series.length * 18 + 10)),
    height: 240,
    data: { values: rows },
    layer: [
      bars,
      ...(options.rule === undefined
        ? []
        : [{ data: { values: [{ y: options.rule }] }, mark: { type: 'rule' as const, strokeDash: [4, 4], color: '#666' }, encoding: { y: { field: 'y', type: 'quantitative' as const } } }]),
    ],
  };
}
