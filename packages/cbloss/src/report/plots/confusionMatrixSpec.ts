import type { TopLevelSpec } from 'vega-lite';
import { classKeys } from './classKeys.js';

/**
 * The most classes whose confusion matrix a report draws: at 100 classes a cell of the 440-pixel plot is 4.4 px. Beyond
 * it (ImageNet-LT's 1,000, iNaturalist's 8,142 classes) a heatmap cannot be read, and the report lists the most frequent
 * confusions instead.
 */
export const CONFUSION_PLOT_MAX_CLASSES = 100;

/**
 * Heatmap of a confusion matrix (`matrix[true][predicted]` counts): rows = true class, columns = predicted
 * class, color = share of the true class's test samples (row-normalised, %), so that small classes are as
 * visible as large ones. Counts are printed in the cells when there are at most 12 classes. Meant for at most
 * {@link CONFUSION_PLOT_MAX_CLASSES} classes (the caller decides: the spec holds C² cells).
 *
 * @example
 * await renderSvg(confusionMatrixSpec([[90, 10], [30, 70]], ['cat', 'dog']));
 */
export function confusionMatrixSpec(matrix: readonly (readonly number[])[], classNames: readonly string[]): TopLevelSpec {
  const keys = classKeys(classNames);
  const cells = keys.flatMap((trueKey, t) => {
    const row = matrix[t] ?? [];
    const total = row.reduce((sum, v) => sum + v, 0);
    return keys.map((predictedKey, p) => {
      const count = row[p] ?? 0;
      return { actual: trueKey, predicted: predictedKey, count, share: total > 0 ? (100 * count) / total : 0 };
    });
  });
  const size = Math.round(Math.min(440, Math.max(200, keys.length * 30)));
  const many = keys.length > 30;
  const x = {
    field: 'predicted',
    type: 'nominal' as const,
    sort: keys,
    title: 'predicted class',
    axis: { labelAngle: many ? -90 : -45, labelLimit: 100, ...(many ? { labelOverlap: 'greedy' as const } : {}) },
  };
  const y = { field: 'actual', type: 'nominal' as const, sort: keys, title: 'true class', axis: { labelLimit: 100, ...(many ? { labelOverlap: 'greedy' as const } : {}) } };
  return {
    width: size,
    height: size,
    data: { values: cells },
    layer: [
      {
        // Beyond 12 classes, no per-cell aria description: 100 classes would add 10⁴ labels (megabytes).
        mark: { type: 'rect', aria: keys.length <= 12 },
        encoding: {
          x,
          y,
          color: { field: 'share', type: 'quantitative', title: 'row %', scale: { scheme: 'blues', domain: [0, 100] } },
        },
      },
      ...(keys.length <= 12
        ? [
            {
              mark: { type: 'text' as const, fontSize: 10 },
              encoding: {
                x,
                y,
                text: { field: 'count', type: 'quantitative' as const },
                color: { condition: { test: 'datum.share > 50', value: 'white' }, value: '#222' },
              },
            },
          ]
        : []),
    ],
  };
}
