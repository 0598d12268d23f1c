import type { MethodName } from '../../src/index.js';

/** The three losses of the paper (arXiv:1901.05555), which the golden file and the identity tests cover. */
export const PAPER_TYPES = ['softmax', 'sigmoid', 'focal'] as const satisfies readonly MethodName[];
