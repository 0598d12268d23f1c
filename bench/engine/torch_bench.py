#!/usr/bin/env python3
"""PyTorch side of the engine benchmark (run by bench.mjs; usable alone).

Same workloads as bench.mjs, on random data, one JSON object per line on stdout:
  {"engine": "pytorch", "workload": "cnn" | "resnet32" | "focal", "value": ..., "unit": "img/s" | "ms", ...}

  /usr/bin/python3 bench/engine/torch_bench.py --threads 2 --steps 20

Models are channels_last; convolutions run through oneDNN, matmuls through the system BLAS (OpenBLAS on
Debian). torch.set_num_threads(--threads) is the only thread setting.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def small_cnn():
    """conv3x3 32 relu - maxpool2 - conv3x3 64 relu - maxpool2 - dense 128 relu - dense 10 ('same' convs), 28x28x1."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10),
    )


class BasicBlock(nn.Module):
    """conv3x3-bn-relu-conv3x3-bn + shortcut (1x1 conv stride 2 + bn when the shape changes), relu."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class ResNetCifar(nn.Module):
    """CIFAR ResNet-(6n+2): 3 stages x n basic blocks, 16/32/64 filters, global average pooling, dense 10."""

    def __init__(self, n=5, num_classes=10):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16, eps=1e-3, momentum=0.01)
        blocks, cin = [], 16
        for stage, cout in enumerate([16, 32, 64]):
            for b in range(n):
                blocks.append(BasicBlock(cin, cout, 2 if stage > 0 and b == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = self.blocks(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def training_step(model, opt, x, y):
    """One SGD step of softmax cross-entropy on (x, y), as a function returning the loss (a host sync: loss.item())."""

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def train_images_per_second(model, shape, batch, steps, warmup, channels_last=True):
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    g = torch.Generator().manual_seed(0)
    x = torch.randn((batch, *shape), generator=g).contiguous(memory_format=fmt)
    y = torch.randint(0, 10, (batch,), generator=g)

    step = training_step(model, opt, x, y)
    for _ in range(warmup):
        step()
    t = time.perf_counter()
    c = time.process_time()  # CPU time of all the process's threads (OpenMP waits are passive: no spinning)
    for _ in range(steps):
        step()
    cpu = time.process_time() - c
    return steps * batch / (time.perf_counter() - t), steps * batch / cpu


def long_tail_counts(num_classes, n_max=1000, imbalance=100.0):
    """n_i = n_max * imbalance^(-i/(C-1)), at least 1."""
    return [max(1, int(n_max * imbalance ** (-i / (num_classes - 1)))) for i in range(num_classes)]


def class_balanced_weights(counts, beta):
    """w_c = (1-beta)/(1-beta^n_c), normalised to sum to C (Cui et al., arXiv:1901.05555)."""
    # 1 - beta^n = -expm1(n * log1p(beta - 1)): accurate for beta near 1
    w = [(1 - beta) / -math.expm1(n * math.log1p(beta - 1)) for n in counts]
    s = sum(w)
    return torch.tensor([x * len(w) / s for x in w], dtype=torch.float32)


def cb_focal_loss(labels_one_hot, logits, class_weights, gamma):
    """Class-balanced sigmoid focal loss, summed and divided by the number of positives (official reduction)."""
    # BCE = max(x, 0) - x*z + log1p(exp(-|x|))
    bce = F.binary_cross_entropy_with_logits(logits, labels_one_hot, reduction="none")
    # (1 - p_t)^gamma = exp(-gamma * (z*x + softplus(-x)))
    modulator = torch.exp(-gamma * (labels_one_hot * logits + F.softplus(-logits)))
    w = (labels_one_hot * class_weights).sum(1, keepdim=True)
    return (w * modulator * bce).sum() / labels_one_hot.sum()


def focal_ms(batch, num_classes, steps, warmup, beta=0.999, gamma=0.5):
    g = torch.Generator().manual_seed(0)
    weights = class_balanced_weights(long_tail_counts(num_classes), beta)
    labels = F.one_hot(torch.randint(0, num_classes, (batch,), generator=g), num_classes).float()
    logits0 = torch.randn(batch, num_classes, generator=g)

    def step():
        logits = logits0.clone().requires_grad_(True)
        loss = cb_focal_loss(labels, logits, weights, gamma)
        loss.backward()
        return logits.grad

    for _ in range(warmup):
        step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - t) * 1000 / steps


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--workloads", default="cnn,resnet32,focal")
    p.add_argument("--nchw", action="store_true", help="contiguous NCHW tensors instead of channels_last")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    meta = {"engine": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "note": "NCHW" if a.nchw else "channels_last"}
    for w in a.workloads.split(","):
        extra = {}
        if w == "cnn":
            (v, extra["cpuValue"]), unit = train_images_per_second(small_cnn(), (1, 28, 28), 128, a.steps, a.warmup, not a.nchw), "img/s"
        elif w == "resnet32":
            (v, extra["cpuValue"]), unit = train_images_per_second(ResNetCifar(5), (3, 32, 32), 128, a.steps, a.warmup, not a.nchw), "img/s"
        elif w == "focal":
            v, unit = focal_ms(256, 8142, a.steps * 5, a.warmup), "ms"
        else:
            raise SystemExit(f"torch_bench.py: '--workloads' must list cnn, resnet32, focal; got {w!r}.")
        print(json.dumps({**meta, "workload": w, "value": v, "unit": unit, "steps": a.steps, **extra}), flush=True)


if __name__ == "__main__":
    main()
