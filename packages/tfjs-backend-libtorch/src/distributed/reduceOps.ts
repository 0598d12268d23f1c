/** The reductions `ProcessGroup.allreduce` offers: the element-wise sum over ranks, or that sum divided by the world size. */
export const REDUCE_OPS = ['sum', 'mean'] as const;

/** One of {@link REDUCE_OPS}. */
export type ReduceOp = (typeof REDUCE_OPS)[number];
