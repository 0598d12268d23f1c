# Timing shared by the PyTorch reference scripts in bench/ (conv.py, resnet32Ops.py).
import time


def sorted_times_ms(f, reps):
    """Calls f 3 times to warm up, then times reps calls; returns their times in ms, shortest first."""
    for _ in range(3):
        f()
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ms.append((time.perf_counter() - t) * 1e3)
    ms.sort()
    return ms
