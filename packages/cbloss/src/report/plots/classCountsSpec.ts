import type { TopLevelSpec } from 'vega-lite';
import { chartWidth, classAxis, classKeys } from './classKeys.js';

/**
 * Bar chart of the training samples per class on a log scale (the long tail), with the count written above
 * each bar when there are at most 20 classes. Classes keep their index order.
 *
 * @example
 * await renderSvg(classCountsSpec([5000, 500, 50], ['a', 'b', 'c']));
 */
export function classCountsSpec(samplesPerClass: readonly number[], classNames: readonly string[]): TopLevelSpec {
  const keys = classKeys(classNames);
  const values = samplesPerClass.map((count, i) => ({ index: i, class: keys[i] ?? String(i), count }));
  const x = { field: 'class', type: 'nominal' as const, sort: keys, axis: classAxis(values.length) };
  // Both layers share one log-scaled y; no stacking, whose baseline 0 has no logarithm (bars would vanish).
  const y = { field: 'count', type: 'quantitative' as const, scale: { type: 'log' as const }, stack: null, title: 'training samples (log scale)' };
  return {
    width: chartWidth(values.length, 48),
    height: 240,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: { x, y },
      },
      ...(values.length <= 20
        ? [
            {
              mark: { type: 'text' as const, dy: -6, fontSize: 10, color: '#333' },
              encoding: { x, y, text: { field: 'count', type: 'quantitative' as const } },
            },
          ]
        : []),
    ],
  };
}
