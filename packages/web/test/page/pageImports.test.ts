import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The page uses the library through its public entry only, TF.js, its own modules, the pure plot specs of
// `cbloss report` and cbloss's cosine classifier layer; nothing of Node (the bundle is for browsers) and nothing
// of cbloss's other code.
const PAGE = fileURLToPath(new URL('../../src/page', import.meta.url));
const ALLOWED = [
  /^\.\.?\//, // the page's own modules
  /^class-balanced-loss$/, // the library's public API
  /^@tensorflow\/tfjs-(core|layers|backend-cpu|backend-webgl|backend-wasm)$/,
  /^tfjs-backend-libtorch\/wasm-training-kernels$/, // pure-JS gradient kernels for the wasm backend
  /^csv-parse\/browser\/esm\/sync$/,
  /^vega-lite$/, // types of the specs
  /^cbloss-plots\/(classCountsSpec|effectiveNumberSpec|groupedBarsSpec|confusionMatrixSpec|trainingCurvesSpec|renderSvg)\.js$/,
  /^cbloss-models\/CosineDense\.js$/, // LDAM's normalised linear classifier, the CLI's own layer
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the page imports', () => {
  it('only the library\'s public API, TF.js, the wasm training kernels, csv-parse, the report plot specs and the cosine layer', () => {
    const files = sources(PAGE);
    expect(files.length).toBeGreaterThan(20);
    const bad = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)]
        .map((m) => m[1] ?? m[2] ?? '')
        .filter((specifier) => !ALLOWED.some((rule) => rule.test(specifier)))
        .map((specifier) => `${relative(PAGE, file)}: ${specifier}`),
    );
    expect(bad).toEqual([]);
  });

  it('the check catches a deep import of the library or a Node module', () => {
    const check = (specifier: string) => ALLOWED.some((rule) => rule.test(specifier));
    expect(check('class-balanced-loss/core')).toBe(false);
    expect(check('node:fs')).toBe(false);
    expect(check('cbloss-plots/../run/runExperiment.js')).toBe(false);
    expect(check('cbloss')).toBe(false);
    expect(check('cbloss-models/buildModel.js')).toBe(false);
  });
});
