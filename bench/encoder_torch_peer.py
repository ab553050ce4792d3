#!/usr/bin/env python3
# Compare with: swift run -c release captioning encoder bench (same batch, shapes, threads).
# Run with .venv-peers/bin/python (bench/setup-peers), OpenBLAS variables unset as for NumPy.
# PyTorch CPU peer of the kit's image encoder: 3x3 conv (16, 32, 64 filters, padding 1),
# ReLU, 2x2 max pool, three times; then linear 64*8*8 -> 512; attribute heads as a linear
# 512 -> 4*(1+6+5+2) with a sum-of-cross-entropies stand-in (MSE here: the cost is the
# heads' product, negligible). float32, 2 threads, batch 50, median of 10 after warm-up.
import time, statistics, torch, torch.nn as nn
torch.set_num_threads(2)
enc = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(64 * 8 * 8, 512))
head = nn.Linear(512, 56)
x = torch.rand(50, 3, 64, 64)
y = torch.rand(50, 56)
def fwd():
    with torch.inference_mode():
        enc(x)
def step():
    enc.zero_grad(); head.zero_grad()
    loss = ((head(enc(x)) - y) ** 2).sum(); loss.backward()
def med(f):
    f()
    ts = []
    for _ in range(10):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)
f, s = med(fwd), med(step)
print(f"torch {torch.__version__}: forward {f*1e3:.2f} ms ({50/f:.0f} images/s); training step {s*1e3:.2f} ms ({50/s:.0f} images/s)")
