"""A plain PyTorch training loop of `cbloss train`'s recipe, on the same data, for bench/e2e/bench.mjs.

Reads the training set `cbloss train` used: the dataset's files (Fashion-MNIST IDX from Debian's
dataset-fashion-mnist, or the CIFAR-10 binary files bench.mjs generates) and the long-tailed subset's indices from
the run's subset.json. Then the recipe: per-channel standardisation with the training set's statistics, a fresh
shuffle per epoch, batch 128 (last batch partial), for RGB random crop (pad 4) + horizontal flip on the uint8
pixels; softmax cross-entropy; SGD momentum 0.9, weight decay 2e-4 on every parameter (as cbloss for softmax),
learning rate 0.1 with cbloss's linear warm-up (min(5, epochs/10) epochs) evaluated at the middle of each step;
the same models (small CNN; ResNet-32 with option-A shortcuts, BN momentum 0.1 = TF.js 0.9, eps 1e-5). Batches are
gathered and augmented in the loop, synchronously, as a plain loop does. Prints one JSON line per epoch:
{"epoch", "seconds", "imagesPerSecond", "loss"}.

    /usr/bin/python3 bench/e2e/torch_train.py --data fashion-mnist --data-dir DIR --subset RUN/subset.json --epochs 3
"""
import argparse
import gzip
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_fashion(data_dir):
    find = lambda stem: next(os.path.join(data_dir, f) for f in (stem, stem + '.gz') if os.path.exists(os.path.join(data_dir, f)))
    x = read_idx(find('train-images-idx3-ubyte'))[..., None]  # N, 28, 28, 1
    y = read_idx(find('train-labels-idx1-ubyte')).astype(np.int64)
    return x, y


def load_cifar10(data_dir):
    xs, ys = [], []
    for i in range(1, 6):
        raw = np.fromfile(os.path.join(data_dir, f'data_batch_{i}.bin'), dtype=np.uint8).reshape(-1, 3073)
        ys.append(raw[:, 0].astype(np.int64))
        xs.append(raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))  # CHW planes -> NHWC, as cbloss
    return np.concatenate(xs), np.concatenate(ys)


class SmallCnn(nn.Module):
    """cbloss's cnn: conv3x3 32 relu, maxpool 2, conv3x3 64 relu, maxpool 2, dense 128 relu, dense C."""

    def __init__(self, channels, size, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.dense1 = nn.Linear(64 * (size // 4) ** 2, 128)
        self.logits = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.logits(F.relu(self.dense1(x.flatten(1))))


def option_a(x, out_channels):
    x = F.avg_pool2d(x, 2, 2, ceil_mode=True)
    extra = out_channels - x.shape[1]
    return F.pad(x, (0, 0, 0, 0, extra // 2, extra - extra // 2))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.cout = cout
        self.stride = stride
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.shortcut = stride != 1 or cin != cout

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (option_a(x, self.cout) if self.shortcut else x))


class CifarResNet(nn.Module):
    """cbloss's resnet{6n+2}: conv3x3 16 BN ReLU, 3 stages of n basic blocks (16/32/64), option-A shortcuts."""

    def __init__(self, depth, channels, classes):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16, eps=1e-5, momentum=0.1)
        blocks, cin = [], 16
        for stage, cout in enumerate([16, 32, 64]):
            for b in range(n):
                blocks.append(Block(cin, cout, 2 if stage > 0 and b == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.logits = nn.Linear(64, classes)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn1(self.conv1(x))))
        return self.logits(x.mean((2, 3)))


def augment(batch, generator):
    """Random crop (pad 4 with zeros) + horizontal flip with probability 1/2, per image, on uint8 NHWC."""
    n, h, w, _ = batch.shape
    padded = F.pad(batch, (0, 0, 4, 4, 4, 4))
    offsets = torch.randint(0, 9, (n, 2), generator=generator)
    flips = torch.rand(n, generator=generator) < 0.5
    out = torch.empty_like(batch)
    for i in range(n):
        dy, dx = int(offsets[i, 0]), int(offsets[i, 1])
        crop = padded[i, dy:dy + h, dx:dx + w]
        out[i] = crop.flip(1) if flips[i] else crop
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--data', choices=['fashion-mnist', 'cifar10'], required=True)
    p.add_argument('--data-dir', required=True)
    p.add_argument('--subset', required=True, help="the run's subset.json (long-tailed indices)")
    p.add_argument('--model', default=None, help='cnn or resnet32 (default: cnn for grey, resnet32 for RGB, as cbloss)')
    p.add_argument('--epochs', type=int, default=3)
    p.add_argument('--batch-size', type=int, default=128)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--augment', action='store_true')
    p.add_argument('--seed', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x_all, y_all = load_fashion(a.data_dir) if a.data == 'fashion-mnist' else load_cifar10(a.data_dir)
    with open(a.subset) as f:
        indices = np.asarray(json.load(f)['indices'], dtype=np.int64)
    x = torch.from_numpy(np.ascontiguousarray(x_all[indices]))  # uint8 NHWC
    y = torch.from_numpy(y_all[indices])
    count, h, w, c = x.shape
    classes = int(y_all.max()) + 1
    # cbloss's channelStats: per-channel mean and std of the training pixels scaled to [0, 1]
    xf = x.double() / 255
    mean = xf.mean((0, 1, 2)).float().view(1, c, 1, 1)
    std = xf.std((0, 1, 2), unbiased=False).float().view(1, c, 1, 1)
    del xf
    model_name = a.model or ('resnet32' if c == 3 and h >= 32 else 'cnn')
    model = SmallCnn(c, h, classes) if model_name == 'cnn' else CifarResNet(int(model_name[6:]), c, classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=2e-4)
    batches = math.ceil(count / a.batch_size)
    warmup = min(5, a.epochs / 10)
    generator = torch.Generator().manual_seed(a.seed)
    for epoch in range(a.epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(count, generator=generator)
        total = 0.0
        for b in range(batches):
            t = epoch + (b + 0.5) / batches
            for group in opt.param_groups:
                group['lr'] = 0.1 * min(1.0, t / warmup) if warmup > 0 else 0.1
            idx = order[b * a.batch_size:(b + 1) * a.batch_size]
            pixels = x[idx]
            if a.augment:
                pixels = augment(pixels, generator)
            inputs = (pixels.permute(0, 3, 1, 2).float() / 255 - mean) / std
            loss = F.cross_entropy(model(inputs), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
        seconds = time.perf_counter() - start
        print(json.dumps({'epoch': epoch + 1, 'seconds': seconds, 'imagesPerSecond': count / seconds, 'loss': total / count}), flush=True)


if __name__ == '__main__':
    main()
