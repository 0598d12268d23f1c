# PyTorch reference for bench/profileResnet.mjs: ResNet-20 (16/32/64, projection shortcuts), 32x32x3, batch 128,
# SGD momentum, channels_last. Usage: /usr/bin/python3 bench/resnet20.py [threads=2]
import sys
import time
import torch
import torch.nn as nn

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.c2, self.b2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.short = nn.Identity() if stride == 1 and cin == cout else nn.Conv2d(cin, cout, 1, stride)

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        return torch.relu(self.b2(self.c2(y)) + self.short(x))


layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
cin = 16
for stage, width in enumerate([16, 32, 64]):
    for block in range(3):
        layers.append(Block(cin, width, 2 if stage > 0 and block == 0 else 1))
        cin = width
layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
model = nn.Sequential(*layers).to(memory_format=torch.channels_last)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
x = torch.randn(128, 3, 32, 32).to(memory_format=torch.channels_last)
y = torch.randint(0, 10, (128,))
loss_fn = nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    loss_fn(model(x), y).backward()
    opt.step()


for _ in range(2):
    step()
ms = []
for _ in range(5):
    t = time.perf_counter()
    step()
    ms.append((time.perf_counter() - t) * 1e3)
print(f"pytorch ResNet-20 step: {', '.join(f'{m:.0f}' for m in ms)} ms ({128000 / min(ms):.0f} img/s best)")
