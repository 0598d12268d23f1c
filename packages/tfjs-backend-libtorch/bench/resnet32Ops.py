# PyTorch reference for resnet32Ops.mjs: the same kernels at the same shapes, channels_last, 2 threads.
# Usage: /usr/bin/python3 bench/resnet32Ops.py
import torch
from timing import sorted_times_ms

torch.set_num_threads(2)
CL = torch.channels_last


def median_ms(f, reps=20):
    ms = sorted_times_ms(f, reps)
    return f"{ms[len(ms) // 2]:.2f}"


for hw, c in [(32, 16), (16, 32), (8, 64)]:
    x = torch.randn(128, c, hw, hw).contiguous(memory_format=CL)
    w = torch.randn(c, c, 3, 3).contiguous(memory_format=CL)
    dy = torch.randn(128, c, hw, hw).contiguous(memory_format=CL)
    g = torch.randn(1, c, 1, 1)
    back = lambda mask: torch.ops.aten.convolution_backward(dy, x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, mask)
    row = {
        "fwd": median_ms(lambda: torch.conv2d(x, w, None, 1, 1)),
        "bwdIn": median_ms(lambda: back([True, False, False])),
        "bwdW": median_ms(lambda: back([False, True, False])),
        "relu": median_ms(lambda: torch.relu(x)),
        "reluGrad": median_ms(lambda: torch.ops.aten.threshold_backward(dy, x, 0)),
        "add": median_ms(lambda: x + dy),
        "mean": median_ms(lambda: x.mean([0, 2, 3])),
        "mul": median_ms(lambda: x * g),
    }
    print(f"{hw}x{hw}x{c}: " + "  ".join(f"{k} {v}" for k, v in row.items()) + " (ms)")
