import { unknownName } from '../core/validate.js';
import type { LossMethod } from './LossMethod.js';
import { LOSS_METHODS, METHOD_NAMES, type MethodName } from './lossMethods.js';

/** Who asked for a method, so that an error names it (e.g. the CLI's `train` and `'--loss'`). */
export interface MethodContext {
  /** The function or command named in the error. Default `'resolveMethod'`. */
  readonly caller?: string;
  /** The argument or flag named in the error. Default `'method'`. */
  readonly argument?: string;
}

/**
 * Looks a method up in the registry ({@link LOSS_METHODS}) by name (case-sensitive). An unknown name throws
 * `CbLossError('unknown-name')` listing the valid names and suggesting the nearest one.
 *
 * @example
 * resolveMethod('focal').parameters[0]?.name; // 'gamma'
 * resolveMethod('focla', { caller: 'train', argument: '--loss' });
 * // throws: train: '--loss' must be one of 'softmax', 'sigmoid', 'focal', ...; got 'focla' (did you mean 'focal'?).
 */
export function resolveMethod(name: unknown, context: MethodContext = {}): LossMethod & { readonly name: MethodName } {
  const method = LOSS_METHODS.find((m) => m.name === name);
  if (method !== undefined) return method;
  throw unknownName(context.caller ?? 'resolveMethod', context.argument ?? 'method', name, METHOD_NAMES);
}
