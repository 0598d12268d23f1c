# PyTorch reference for bench/smallCnn.mjs (channels_last, 2 threads). Usage: /usr/bin/python3 bench/smallCnn.py
import time
import torch
import torch.nn as nn

torch.set_num_threads(2)
model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10),
).to(memory_format=torch.channels_last)
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
x = torch.randn(128, 1, 28, 28).to(memory_format=torch.channels_last)
y = torch.randint(0, 10, (128,))
loss_fn = nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(3):
    step()
ms = []
for _ in range(30):
    t = time.perf_counter()
    step()
    ms.append((time.perf_counter() - t) * 1e3)
ms.sort()
med = ms[len(ms) // 2]
print(f"pytorch small CNN step: median {med:.1f} ms (min {ms[0]:.1f}) = {128000 / med:.0f} img/s")
