export type * from './types.js';
export { createRng, type Rng } from './util/rng.js';
