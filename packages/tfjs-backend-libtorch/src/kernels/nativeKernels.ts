import { elementwiseKernels } from './elementwiseKernels.js';
import { logSoftmaxGatherKernels } from './logSoftmaxGatherKernels.js';
import type { NativeKernelSpec } from './nativeCall.js';
import { nnKernels } from './nnKernels.js';
import { reduceKernels } from './reduceKernels.js';
import { shapeKernels } from './shapeKernels.js';

/** Every kernel the libtorch backend implements natively. */
export const nativeKernels: readonly NativeKernelSpec[] = [...elementwiseKernels, ...reduceKernels, ...shapeKernels, ...nnKernels, ...logSoftmaxGatherKernels];
