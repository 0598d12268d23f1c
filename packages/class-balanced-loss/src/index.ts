/**
 * `class-balanced-loss`: Class-Balanced Loss Based on Effective Number of Samples (Cui et al., CVPR 2019,
 * arXiv:1901.05555) for TensorFlow.js. Everything: the float64 math core (also at
 * `class-balanced-loss/core`, without TensorFlow.js) and the TensorFlow.js losses.
 *
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './tf/index.js';
export * from './methods/index.js';
