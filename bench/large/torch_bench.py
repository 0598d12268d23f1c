#!/usr/bin/python3
"""ResNet-50 training images/s in PyTorch, the counterpart of bench/large/bench.mjs's tf.js worker.

Same architecture as cbloss's buildModel('resnet50') (v1 bottleneck, stride on the 3x3 convolution, projection
shortcut at the first block of each stage, batch norm after every convolution, the last BN gamma of each block zero,
global average pooling, dense C), same step: softmax cross-entropy, SGD momentum 0.9 with Nesterov, weight decay
1e-4 on the kernels. Random data, seeded. Prints one JSON line.

    /usr/bin/python3 bench/large/torch_bench.py --batch 8 --size 112 --steps 5 --warmup 2 --threads 2
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'engine'))
from torch_bench import training_step  # noqa: E402  (the engine benchmark's SGD step)


class Bottleneck(nn.Module):
    def __init__(self, cin, filters, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, filters, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(filters, eps=1e-3, momentum=0.01)
        self.conv2 = nn.Conv2d(filters, filters, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(filters, eps=1e-3, momentum=0.01)
        self.conv3 = nn.Conv2d(filters, 4 * filters, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(4 * filters, eps=1e-3, momentum=0.01)
        nn.init.zeros_(self.bn3.weight)
        self.shortcut = None
        if stride != 1 or cin != 4 * filters:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, 4 * filters, 1, stride=stride, bias=False), nn.BatchNorm2d(4 * filters, eps=1e-3, momentum=0.01))

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        h = F.relu(self.bn2(self.conv2(h)))
        h = self.bn3(self.conv3(h))
        return F.relu(h + (x if self.shortcut is None else self.shortcut(x)))


class ResNet50(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64, eps=1e-3, momentum=0.01)
        blocks, cin = [], 64
        for stage, count in enumerate([3, 4, 6, 3]):
            filters = 64 * 2**stage
            for block in range(count):
                blocks.append(Bottleneck(cin, filters, 2 if stage > 0 and block == 0 else 1))
                cin = 4 * filters
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, classes)
        nn.init.normal_(self.fc.weight, 0, 0.01)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, padding=1)
        x = self.blocks(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--batch', type=int, default=8)
    p.add_argument('--size', type=int, default=112)
    p.add_argument('--classes', type=int, default=1000)
    p.add_argument('--steps', type=int, default=5)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = ResNet50(a.classes)
    model.train()
    kernels = [w for w in model.parameters() if w.dim() >= 2]
    others = [w for w in model.parameters() if w.dim() < 2]
    opt = torch.optim.SGD([{'params': kernels, 'weight_decay': 1e-4}, {'params': others, 'weight_decay': 0}], lr=0.01, momentum=0.9, nesterov=True)
    x = torch.randn(a.batch, 3, a.size, a.size)
    y = torch.randint(0, a.classes, (a.batch,))

    step = training_step(model, opt, x, y)
    for _ in range(a.warmup):
        step()
    t = time.perf_counter()
    for _ in range(a.steps):
        step()
    seconds = time.perf_counter() - t
    print(json.dumps({'engine': 'pytorch', 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'imagesPerSecond': a.steps * a.batch / seconds}))


if __name__ == '__main__':
    main()
