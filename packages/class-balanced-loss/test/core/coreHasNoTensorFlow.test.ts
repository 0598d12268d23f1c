import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index.js';
import * as root from '../../src/index.js';

const coreDir = fileURLToPath(new URL('../../src/core/', import.meta.url));

describe('class-balanced-loss/core', () => {
  it('imports nothing outside src/core (in particular not TensorFlow.js)', () => {
    for (const file of readdirSync(coreDir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(coreDir + file, 'utf8');
      const specifiers = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] as string);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[A-Za-z0-9]+\.js$/);
    }
  });

  it('the root export re-exports every core export', () => {
    for (const name of Object.keys(core)) expect((root as Record<string, unknown>)[name], name).toBe((core as Record<string, unknown>)[name]);
  });

  it('exports the public API by name', () => {
    const expected = [
      'CbLossError', 'effectiveNumber', 'effectiveNumbers', 'classBalancedWeights', 'longTailCounts', 'confusionMatrix',
      'perClassAccuracy', 'top1Error', 'shotAccuracy', 'shotThresholds', 'nearestName', 'assertInRange', 'assertIntegerCounts',
    ];
    for (const name of expected) expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
    const tfExports = [
      'softmaxCrossEntropy', 'sigmoidCrossEntropy', 'sigmoidFocalLoss', 'softmaxFocalLoss', 'resolveMethod', 'createLoss', 'classBalancedLoss',
      'priorBias', 'priorBiasInitializer', 'classBalancedClassWeight', 'resolveReduction',
    ];
    for (const name of tfExports) expect(typeof (root as Record<string, unknown>)[name], name).toBe('function');
    expect(root.METHOD_NAMES.slice(0, 3)).toEqual(['softmax', 'sigmoid', 'focal']);
    expect(root.METHOD_NAMES).toEqual(root.LOSS_METHODS.map((m) => m.name));
    expect(root.REDUCTIONS).toEqual(['none', 'sum', 'mean', 'meanOverPositives', 'weightedMean']);
  });
});
