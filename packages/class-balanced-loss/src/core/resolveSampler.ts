import { SAMPLER_NAMES, SAMPLERS, type SamplerDefinition, type SamplerName } from './samplers.js';
import { unknownName } from './validate.js';

/** Who asked for a sampler, so that an error names it (e.g. the CLI's `train` and `'--sampler'`). */
export interface SamplerContext {
  /** The function or command named in the error. Default `'resolveSampler'`. */
  readonly caller?: string;
  /** The argument or flag named in the error. Default `'sampler'`. */
  readonly argument?: string;
}

/**
 * Looks a sampler up in the registry ({@link SAMPLERS}) by name (case-sensitive). An unknown name throws
 * `CbLossError('unknown-name')` listing the valid names and suggesting the nearest one.
 *
 * @example
 * resolveSampler('progressive').usesEpochs; // true
 * resolveSampler('class-balance', { caller: 'train', argument: '--sampler' });
 * // throws: train: '--sampler' must be one of 'instance', 'class-balanced', 'square-root', 'progressive'; got 'class-balance' (did you mean 'class-balanced'?).
 */
export function resolveSampler(name: unknown, context: SamplerContext = {}): SamplerDefinition & { readonly name: SamplerName } {
  const sampler = SAMPLERS.find((s) => s.name === name);
  if (sampler !== undefined) return sampler;
  throw unknownName(context.caller ?? 'resolveSampler', context.argument ?? 'sampler', name, SAMPLER_NAMES);
}
