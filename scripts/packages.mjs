// The published packages of this workspace and, for each entry point of its `exports`, a few names it must
// export (from ES modules and from CommonJS alike). Read by scripts/check-packages.mjs and test/packaging/.
/** @type {readonly { name: string, dir: string, entries: Record<string, readonly string[]> }[]} */
export const PACKAGES = [
  {
    name: 'class-balanced-loss',
    dir: 'packages/class-balanced-loss',
    entries: {
      '.': ['CbLossError', 'classBalancedWeights', 'classBalancedLoss', 'priorBiasInitializer'],
      './core': ['CbLossError', 'classBalancedWeights', 'effectiveNumber', 'longTailCounts'],
    },
  },
  {
    name: 'tfjs-backend-libtorch',
    dir: 'packages/tfjs-backend-libtorch',
    entries: {
      '.': ['isLibtorchAvailable', 'libtorchUnavailableReason', 'registerLibtorchBackend', 'setThreads'],
      './ops': ['sgdMomentumUpdate', 'FUSED_SGD_MOMENTUM', 'convBatchNorm', 'hasFusedConvBatchNorm'],
      './distributed': ['freePort', 'createProcessGroup', 'processGroupOptionsFromEnv', 'REDUCE_OPS'],
      './wasm-training-kernels': ['registerWasmTrainingKernels'],
    },
  },
  {
    name: 'class-balanced-loss-web',
    dir: 'packages/web',
    entries: {
      '.': ['pageDir', 'servePage', 'contentType', 'CONTENT_TYPES'],
    },
  },
  {
    name: 'cbloss',
    dir: 'packages/cbloss',
    entries: {
      '.': ['main', 'CblossError', 'cblossVersion', 'runExperiment', 'selectBackend', 'exportPlots', 'screenshotReport'],
    },
  },
];

/** The entry points of `pkg` as import specifiers ('cbloss', 'class-balanced-loss/core', ...). */
export function entryPoints(pkg) {
  return Object.entries(pkg.entries).map(([subpath, mustExport]) => ({
    subpath,
    specifier: subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`,
    mustExport,
  }));
}
