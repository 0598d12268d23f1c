/**
 * Kernel `FusedSgdMomentum`: one SGD momentum + weight decay step over every variable (see `sgdMomentumUpdate`).
 * Inputs `w0..w{n-1}`, `g0..`, `v0..` (weights, gradients, velocities); attributes `decayed` (n booleans),
 * `learningRate`, `momentum`, `weightDecay`; outputs the n new weights then the n new velocities. A backend offers
 * the fused update by registering a kernel under this name; the op runs its composite on any other backend.
 */
export const FUSED_SGD_MOMENTUM = 'FusedSgdMomentum';
