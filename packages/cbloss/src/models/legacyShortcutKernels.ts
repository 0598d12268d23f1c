import { shortcutChannelPad } from './OptionAShortcut.js';
import { CblossError } from '../CblossError.js';

/** A named float32 array with its shape (a checkpoint's model weight). */
interface NamedValues {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** `…_shortcut/kernel`, with the `_N` suffix tfjs-layers adds to variable names when a process builds several models. */
const SHORTCUT_KERNEL_NAME = /_shortcut\/kernel(?:_\d+)?$/;

/**
 * True for the weight cbloss 0.1 stored for an option-A shortcut: `…_shortcut/kernel` of shape [2, 2, Cin, Cout],
 * Cout ≥ Cin (the bottleneck ResNets' projection shortcuts are trainable 1×1 kernels and never match).
 */
function isLegacyShortcutKernel(w: NamedValues): boolean {
  const [kh, kw, cin, cout] = w.shape;
  return SHORTCUT_KERNEL_NAME.test(w.name) && w.shape.length === 4 && kh === 2 && kw === 2 && cin !== undefined && cout !== undefined && cout >= cin;
}

/** Whether `w` holds exactly the fixed kernel: 0.25 from input channel i to output channel i + pad, zeros elsewhere. */
function isFixedAverageKernel(w: NamedValues): boolean {
  const [, , cin = 0, cout = 0] = w.shape;
  const [before] = shortcutChannelPad(cin, cout);
  return w.values.every((value, k) => {
    const o = k % cout;
    const i = Math.floor(k / cout) % cin;
    return value === (o === i + before ? 0.25 : 0);
  });
}

/**
 * The model weights of a checkpoint without the frozen option-A shortcut kernels that cbloss 0.1 stored (it wrote
 * the shortcut as a frozen 2×2 convolution; it is now the weightless {@link OptionAShortcut} layer), so that old
 * checkpoints of the CIFAR ResNets resume. Each dropped kernel is checked to be the fixed 2×2 average first; one
 * that is not (a damaged or foreign file) is refused, naming `path`.
 *
 * @throws CblossError `'invalid-file'` when a `…_shortcut/kernel` of shape [2, 2, Cin, Cout] holds other values.
 * @example
 * dropLegacyShortcutKernels(checkpoint.modelWeights, 'run/checkpoint/weights-000003-000000.bin');
 * // the same list without 'stage2_block1_shortcut/kernel' and 'stage3_block1_shortcut/kernel'
 */
export function dropLegacyShortcutKernels<T extends NamedValues>(weights: readonly T[], path: string): T[] {
  return weights.filter((w) => {
    if (!isLegacyShortcutKernel(w)) return true;
    if (!isFixedAverageKernel(w)) {
      throw new CblossError(
        'invalid-file',
        `loadCheckpoint: '${path}' must hold the fixed 2×2 average in the option-A shortcut kernel '${w.name}' (stored by cbloss 0.1); got other values: the file is damaged or not from cbloss.`,
      );
    }
    return false;
  });
}
