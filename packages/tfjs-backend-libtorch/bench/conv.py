# PyTorch reference for bench/conv.mjs: channels_last, 2 threads. Usage: /usr/bin/python3 bench/conv.py
import torch
from timing import sorted_times_ms

torch.set_num_threads(2)
x = torch.randn(128, 32, 14, 14).to(memory_format=torch.channels_last)
w = torch.randn(64, 32, 3, 3).to(memory_format=torch.channels_last)
dy = torch.randn(128, 64, 14, 14).to(memory_format=torch.channels_last)


def bench(name, f, reps=30):
    ms = sorted_times_ms(f, reps)
    print(f"pytorch {name}: median {ms[len(ms) // 2]:.2f} ms (min {ms[0]:.2f})")


bench("conv forward", lambda: torch.conv2d(x, w, padding=1))
bench("conv backprop input", lambda: torch.ops.aten.convolution_backward(dy, x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [True, False, False]))
bench("conv backprop filter", lambda: torch.ops.aten.convolution_backward(dy, x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [False, True, False]))
