#!/usr/bin/python3
"""PyTorch's DataLoader + PIL on the same JPEG files as bench/stream/bench.mjs: decoded-and-augmented images/s.

    /usr/bin/python3 bench/stream/torch_bench.py --list FILES.txt --workers N [--batch 32] [--size 224] [--json]

The per-sample work is torchvision's ImageNet training transform, written out with PIL and NumPy (Debian's
python3-torch ships no torchvision): Image.open(...).convert('RGB'); RandomResizedCrop's get_params (area
[0.08, 1], ratio [3/4, 4/3], 10 tries then the centre crop, as torchvision); PIL resize of the box to
size x size with BILINEAR (which is what torchvision's resized_crop calls, with PIL's anti-aliasing support);
a horizontal flip with probability 1/2; to float32 CHW; (x/255 - mean)/std with the ImageNet constants.
The DataLoader shuffles, batches and collates with N worker processes (persistent); epoch 0 warms up (worker
start, file cache), epoch 1 is timed. Prints images/s (or a JSON line).
"""
import argparse
import json
import math
import random
import time

import numpy as np
import torch
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def random_resized_crop_params(width, height, rng, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3)):
    area = width * height
    log_ratio = (math.log(ratio[0]), math.log(ratio[1]))
    for _ in range(10):
        target_area = area * rng.uniform(scale[0], scale[1])
        aspect = math.exp(rng.uniform(log_ratio[0], log_ratio[1]))
        w = int(round(math.sqrt(target_area * aspect)))
        h = int(round(math.sqrt(target_area / aspect)))
        if 0 < w <= width and 0 < h <= height:
            return rng.randint(0, height - h), rng.randint(0, width - w), h, w
    in_ratio = width / height
    if in_ratio < min(ratio):
        w, h = width, int(round(width / min(ratio)))
    elif in_ratio > max(ratio):
        h, w = height, int(round(height * max(ratio)))
    else:
        w, h = width, height
    return (height - h) // 2, (width - w) // 2, h, w


class Files(torch.utils.data.Dataset):
    def __init__(self, paths, size, seed):
        self.paths, self.size, self.seed = paths, size, seed

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, index):
        rng = random.Random(self.seed * 1_000_003 + index)  # per-sample stream (timing only)
        img = Image.open(self.paths[index]).convert('RGB')
        top, left, h, w = random_resized_crop_params(img.width, img.height, rng)
        img = img.resize((self.size, self.size), Image.BILINEAR, box=(left, top, left + w, top + h))
        if rng.random() < 0.5:
            img = img.transpose(Image.FLIP_LEFT_RIGHT)
        x = (np.asarray(img, dtype=np.float32) / 255.0 - MEAN) / STD
        return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1))), index


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--list', required=True)
    parser.add_argument('--workers', type=int, required=True)
    parser.add_argument('--batch', type=int, default=32)
    parser.add_argument('--size', type=int, default=224)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--json', action='store_true')
    args = parser.parse_args()
    torch.set_num_threads(1)
    with open(args.list) as f:
        paths = [line.strip() for line in f if line.strip()]
    data = Files(paths, args.size, args.seed)
    loader = torch.utils.data.DataLoader(data, batch_size=args.batch, shuffle=True, num_workers=args.workers,
                                         persistent_workers=True, prefetch_factor=2)
    rate = 0.0
    for _ in range(2):
        start = time.perf_counter()
        seen = 0
        for x, _ in loader:
            seen += x.shape[0]
        rate = seen / (time.perf_counter() - start)
    if args.json:
        print(json.dumps({'impl': 'torch', 'workers': args.workers, 'imagesPerSecond': rate}))
    else:
        print(f'torch DataLoader+PIL, {args.workers} worker(s): {rate:.1f} images/s')


if __name__ == '__main__':
    main()
