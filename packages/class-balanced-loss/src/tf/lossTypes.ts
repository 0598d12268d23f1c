import { CbLossError } from '../core/CbLossError.js';
import { nearestName } from '../core/nearestName.js';
import { formatValue } from '../core/validate.js';

/**
 * The loss types of the paper (arXiv:1901.05555), shared by the library and the CLI's `--loss`:
 * `'softmax'` cross-entropy, `'sigmoid'` cross-entropy and sigmoid `'focal'` loss.
 */
export const LOSS_TYPES = ['softmax', 'sigmoid', 'focal'] as const;

/** One of {@link LOSS_TYPES}. */
export type LossType = (typeof LOSS_TYPES)[number];

/** Where a loss type name came from, so that the error names it (e.g. the CLI's `train` and `'--loss'`). */
export interface ResolveLossTypeContext {
  /** The function or command named in the error. Default `'resolveLossType'`. */
  readonly caller?: string;
  /** The argument or flag named in the error. Default `'type'`. */
  readonly argument?: string;
}

/**
 * Checks a loss type name (case-sensitive). Unknown names throw `CbLossError('unknown-name')` listing the
 * valid ones and suggesting the nearest.
 *
 * @example
 * resolveLossType('focal');  // 'focal'
 * resolveLossType('focla');
 * // throws CbLossError('unknown-name'):
 * // resolveLossType: 'type' must be one of 'softmax', 'sigmoid', 'focal'; got 'focla' (did you mean 'focal'?).
 * resolveLossType('focla', { caller: 'train', argument: '--loss' });
 * // throws: train: '--loss' must be one of 'softmax', 'sigmoid', 'focal'; got 'focla' (did you mean 'focal'?).
 */
export function resolveLossType(name: string, context: ResolveLossTypeContext = {}): LossType {
  if ((LOSS_TYPES as readonly string[]).includes(name)) return name as LossType;
  const nearest = typeof name === 'string' ? nearestName(name, LOSS_TYPES) : undefined;
  const hint = nearest === undefined ? '' : ` (did you mean '${nearest}'?)`;
  throw new CbLossError(
    'unknown-name',
    `${context.caller ?? 'resolveLossType'}: '${context.argument ?? 'type'}' must be one of ${LOSS_TYPES.map((t) => `'${t}'`).join(', ')}; got ${formatValue(name)}${hint}.`,
  );
}
