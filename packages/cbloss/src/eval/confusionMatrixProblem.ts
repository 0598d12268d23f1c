/** What is wrong with a stored confusion matrix: where (`field`, after `confusionMatrix`), the rule, and what was found. */
export interface ConfusionMatrixProblem {
  /** Path below the matrix: `''`, `'[3]'`, `'.numClasses'`, `'.entries[5]'`. */
  readonly field: string;
  /** The rule, to follow "must have 'confusionMatrix[3]'": e.g. `'with one entry per class (10)'`, `'as an array of numbers'`. */
  readonly rule: string;
  readonly got: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isClassIn = (v: unknown, classes: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < classes;
const shown = (v: unknown): string => (v === undefined ? 'nothing' : Array.isArray(v) && v.length > 4 ? `an array of ${v.length}` : JSON.stringify(v).slice(0, 40));

/**
 * Checks a value read from a file as a stored confusion matrix of `classes` classes — dense (`classes` rows of
 * `classes` numbers) or sparse (`{ format: 'sparse', numClasses: classes, entries }`, each entry `[true, predicted,
 * count]` with classes in [0, classes), a positive integer count, and no cell twice) — and says what is wrong, or
 * `undefined` when nothing is. One rule for `parseRunResults` (files) and the reports' `assertRuns` (objects).
 *
 * @example
 * confusionMatrixProblem([[1, 2], [3]], 2); // { field: '[1]', rule: 'with one entry per class (2)', got: '1' }
 * confusionMatrixProblem({ format: 'sparse', numClasses: 2, entries: [[0, 2, 1]] }, 2);
 * // { field: '.entries[0]', rule: 'as [true class, predicted class, count] with classes in [0, 2) and a positive integer count', got: '[0,2,1]' }
 */
export function confusionMatrixProblem(value: unknown, classes: number): ConfusionMatrixProblem | undefined {
  if (Array.isArray(value)) {
    if (value.length !== classes) return { field: '', rule: `with one row per class (${classes})`, got: `${value.length} rows` };
    for (const [t, row] of value.entries()) {
      if (!Array.isArray(row) || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) return { field: `[${t}]`, rule: 'as an array of numbers', got: shown(row) };
      if (row.length !== classes) return { field: `[${t}]`, rule: `with one entry per class (${classes})`, got: `${row.length}` };
    }
    return undefined;
  }
  if (!isObject(value) || value['format'] !== 'sparse') {
    return { field: '', rule: "as an array of rows (dense) or { format: 'sparse', numClasses, entries }", got: isObject(value) ? `format ${shown(value['format'])}` : shown(value) };
  }
  if (value['numClasses'] !== classes) return { field: '.numClasses', rule: `as the number of classes (${classes})`, got: shown(value['numClasses']) };
  const entries = value['entries'];
  if (!Array.isArray(entries)) return { field: '.entries', rule: 'as an array of [true class, predicted class, count]', got: shown(entries) };
  const seen = new Set<number>();
  for (const [i, entry] of entries.entries()) {
    const valid = Array.isArray(entry) && entry.length === 3 && isClassIn(entry[0], classes) && isClassIn(entry[1], classes) && Number.isInteger(entry[2]) && entry[2] > 0;
    if (!valid) return { field: `.entries[${i}]`, rule: `as [true class, predicted class, count] with classes in [0, ${classes}) and a positive integer count`, got: shown(entry) };
    const key = (entry[0] as number) * classes + (entry[1] as number);
    if (seen.has(key)) return { field: `.entries[${i}]`, rule: 'as a cell no earlier entry lists', got: shown(entry) };
    seen.add(key);
  }
  return undefined;
}
