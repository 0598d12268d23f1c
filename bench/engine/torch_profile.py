#!/usr/bin/env python3
"""PyTorch side of bench/engine/profile.mjs: where a ResNet-32 training step spends its time.

Times --steps steps of bench/engine/torch_bench.py's ResNet-32 (channels-last, SGD momentum 0.9, weight decay 2e-4,
softmax cross-entropy) on random data, then profiles as many with torch.profiler and sums each operator's self CPU
time. Prints one JSON line: {"engine": "pytorch", "wallMs", "cpuMs", "kernels": [{"name", "calls", "ms"}, ...]}.

  /usr/bin/python3 bench/engine/torch_profile.py --threads 2 --steps 5
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bench import ResNetCifar, training_step  # noqa: E402  (the engine benchmark's model and step)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--steps', type=int, default=5)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--batch', type=int, default=128)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = ResNetCifar(5).to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=2e-4)
    x = torch.randn(a.batch, 3, 32, 32).to(memory_format=torch.channels_last)
    y = torch.randint(0, 10, (a.batch,))

    step = training_step(model, opt, x, y)
    for _ in range(2):
        step()
    t, c = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        step()
    wall_ms = (time.perf_counter() - t) * 1000 / a.steps
    cpu_ms = (time.process_time() - c) * 1000 / a.steps
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        for _ in range(a.steps):
            step()
    kernels = []
    for e in prof.key_averages():
        kernels.append({'name': e.key, 'calls': e.count / a.steps, 'ms': e.self_cpu_time_total / 1000 / a.steps})
    kernels.sort(key=lambda k: -k['ms'])
    print(json.dumps({'engine': 'pytorch', 'wallMs': wall_ms, 'cpuMs': cpu_ms, 'kernels': kernels}))


if __name__ == '__main__':
    main()
