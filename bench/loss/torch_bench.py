#!/usr/bin/python3
"""PyTorch counterpart of bench/loss/bench.mjs: class-balanced losses, forward + backward.

    /usr/bin/python3 bench/loss/torch_bench.py [--threads N] [--classes 10,8142] [--clock wall|cpu] [--json]

For B = 256 and C in {10, 100, 1000, 8142} (or --classes), for each loss type (softmax, sigmoid, focal), times one call of
loss(logits).backward() on CPU and prints the median time per call in milliseconds, with the same
formulas and reductions as the class-balanced-loss package (official code of Cui et al., arXiv:1901.05555):
softmax sum_b w_b CE_b / count(w_b != 0); sigmoid sum_{b,c} w_b BCE / #positives; focal the same with the
modulator exp(-gamma (z x + softplus(-x))). Labels are int64 class ids [B]; the dense one-hot target that
binary_cross_entropy_with_logits needs (sigmoid, focal) is built once, outside the timed calls.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn.functional as F

BATCH = 256
CLASS_COUNTS = [10, 100, 1000, 8142]
BETA = 0.999
GAMMA = 1.0
TIME_BUDGET_S = 1.5
MIN_CALLS = 3
MAX_CALLS = 200


def long_tail_counts(max_count, num_classes, imbalance_factor):
    return [max(1, math.floor(max_count * (1 / imbalance_factor) ** (i / (num_classes - 1)))) for i in range(num_classes)]


def class_balanced_weights(counts, beta):
    inverse = [(1 - beta) / -math.expm1(n * math.log1p(beta - 1)) for n in counts]
    total = sum(inverse)
    return torch.tensor([w * len(counts) / total for w in inverse], dtype=torch.float32)


def make_loss(kind, weights):
    def loss(logits, labels, one_hot):
        w = weights[labels]  # per-example weight of the true class
        if kind == 'softmax':
            ce = F.cross_entropy(logits, labels, reduction='none')
            return (w * ce).sum() / (w != 0).sum().clamp(min=1)
        bce = F.binary_cross_entropy_with_logits(logits, one_hot, reduction='none')
        if kind == 'focal':
            # (1 - p_t)^gamma = exp(-gamma (z x + softplus(-x)))
            bce = torch.exp(-GAMMA * (one_hot * logits + F.softplus(-logits))) * bce
        return (w[:, None] * bce).sum() / one_hot.sum().clamp(min=1)
    return loss


def time_call(f, clock):
    # 'cpu': the process's CPU time (time.process_time: user + system of every thread), as bench.mjs --clock cpu
    now = time.process_time if clock == 'cpu' else time.perf_counter
    for _ in range(2):
        f()
    times = []
    start = time.perf_counter()
    while len(times) < MIN_CALLS or (time.perf_counter() - start < TIME_BUDGET_S and len(times) < MAX_CALLS):
        t0 = now()
        f()
        times.append(now() - t0)
    return statistics.median(times) * 1000, len(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--threads', type=int, default=None, help='torch intra-op threads (default: torch default)')
    parser.add_argument('--classes', type=str, default=None, help='comma-separated class counts (default: 10,100,1000,8142)')
    parser.add_argument('--clock', choices=('wall', 'cpu'), default='wall', help='time per call: elapsed, or CPU time of the process')
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(0)
    class_counts = [int(c) for c in args.classes.split(',')] if args.classes else CLASS_COUNTS
    rows = []
    for num_classes in class_counts:
        logits = (4 * (torch.rand(BATCH, num_classes, generator=generator) - 0.5)).requires_grad_(True)
        labels = torch.randint(0, num_classes, (BATCH,), generator=generator)
        one_hot = F.one_hot(labels, num_classes).float()
        weights = class_balanced_weights(long_tail_counts(5000, num_classes, 100), BETA)
        for kind in ('softmax', 'sigmoid', 'focal'):
            loss = make_loss(kind, weights)

            def step():
                logits.grad = None
                value = loss(logits, labels, one_hot)
                value.backward()
                return value.item()

            ms, calls = time_call(step, args.clock)
            rows.append({'backend': 'torch', 'batch': BATCH, 'classes': num_classes, 'type': kind, 'labels': 'int64 ids [B]',
                         'msPerCall': ms, 'clock': args.clock, 'calls': calls, 'threads': torch.get_num_threads()})
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f'class-balanced loss in PyTorch {torch.__version__}, forward + backward, B = {BATCH}, beta = {BETA}, '
          f'gamma = {GAMMA} (focal); median ms per call; threads = {torch.get_num_threads()}\n')
    header = ['C', 'softmax', 'sigmoid', 'focal']
    lines = [[str(c)] + [f"{next(r['msPerCall'] for r in rows if r['classes'] == c and r['type'] == t):.3f}" for t in header[1:]]
             for c in class_counts]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    print('  '.join(h.rjust(w) for h, w in zip(header, widths)))
    print('  '.join('-' * w for w in widths))
    for line in lines:
        print('  '.join(cell.rjust(w) for cell, w in zip(line, widths)))


if __name__ == '__main__':
    main()
