/**
 * The seeded generator of every random choice of an experiment — subsets, data order, augmentation — so that each is
 * reproducible from `--seed`: the library's `createRng` (SplitMix32 seeding a Mulberry32 stream, with labelled forks),
 * which its samplers use too, so `--sampler instance` is exactly this trainer's shuffle.
 */
export { createRng, type Rng } from 'class-balanced-loss/core';
