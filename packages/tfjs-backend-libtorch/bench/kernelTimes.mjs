// Sums a tf.profile() result by kernel name: { rows: [[name, { n, ms }], ...] slowest first, total ms, calls }.
export function kernelTimes(info) {
  const byName = new Map();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { n: 0, ms: 0 };
    e.n += 1;
    e.ms += Number(k.kernelTimeMs) || 0;
    byName.set(k.name, e);
  }
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  return { rows, total: rows.reduce((sum, [, e]) => sum + e.ms, 0), calls: info.kernels.length };
}
