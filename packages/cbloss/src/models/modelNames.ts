import { nearestName } from 'class-balanced-loss';
import { CblossError } from '../CblossError.js';
import type { ModelName } from '../types.js';

/**
 * Every model `buildModel` knows, in the order the CLI lists them: the CIFAR ResNets of He et al.
 * (depth 6n+2), the ImageNet bottleneck ResNets (50/101/152, the paper's large-scale models) and two small baselines for 28x28 images (`cnn`) and tabular data (`mlp`).
 */
export const MODEL_NAMES: readonly ModelName[] = ['resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet110', 'resnet50', 'resnet101', 'resnet152', 'cnn', 'mlp'];

/**
 * Checks a user-supplied model name (e.g. `--model`) and returns it typed as a {@link ModelName}.
 * Matching is exact after trimming and lower-casing (`'ResNet32'` → `'resnet32'`).
 *
 * @throws CblossError `unknown-name` listing the valid names and suggesting the nearest one.
 * @example
 * resolveModelName('ResNet32'); // 'resnet32'
 * resolveModelName('resnet23');
 * // throws CblossError: resolveModelName: 'name' must be one of resnet20, resnet32, resnet44, resnet56, resnet110,
 * // cnn, mlp; got 'resnet23' (did you mean 'resnet20'?).
 */
export function resolveModelName(name: string): ModelName {
  const key = String(name).trim().toLowerCase();
  const found = MODEL_NAMES.find((valid) => valid === key);
  if (found !== undefined) return found;
  const nearest = nearestName(key, MODEL_NAMES);
  const hint = nearest === undefined || nearest === null ? '' : ` (did you mean '${nearest}'?)`;
  throw new CblossError(
    'unknown-name',
    `resolveModelName: 'name' must be one of ${MODEL_NAMES.join(', ')}; got '${name}'${hint}.`,
  );
}
