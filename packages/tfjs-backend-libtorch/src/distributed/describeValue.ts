/**
 * A short rendering of any value for the `got <value>` part of an error message: numbers and booleans as they
 * print, strings quoted, arrays as `Array(3)`, typed arrays and other objects by constructor name.
 * @example describeValue('x') // "'x'"
 * @example describeValue(new Float64Array(2)) // 'Float64Array(2)'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (ArrayBuffer.isView(value) && 'length' in value) return `${value.constructor.name}(${String(value.length)})`;
  return value.constructor?.name ?? 'object';
}
