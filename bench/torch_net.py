#!/usr/bin/env python3
"""bench/torch_net.py: the same network as bpstep, in PyTorch, for `make bench`.

Reads a simpleNN config (the text bpstep reads) and times one forward + backward
pass of one instance in float64 on one thread, computing every gradient bpstep
computes (W, b of every layer and the input's), with the slides' squared loss
sum((z - y)^2). Usage: torch_net.py CONFIG_TEXT RUNS [BATCH [THREADS [DTYPE]]];
prints the median milliseconds of RUNS passes, or, with BATCH > 0, of one SGD
step on a batch. THREADS (default 1) is torch.set_num_threads; DTYPE is
float64 (the default, bpstep's) or float32 (what PyTorch users train in).
"""
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F


def parse(text):
    """key = value; lines with % comments, as bpstep's config reader."""
    text = re.sub(r"%[^\n]*", "", text)
    spec = {}
    for key, value in re.findall(r"(\w+)\s*=\s*([^;]*);", text):
        value = value.strip()
        if value.startswith("'") or value.startswith('"'):
            spec[key] = value.strip("'\"")
        else:
            spec[key] = [int(float(v)) for v in re.findall(r"[-+]?[0-9.eE+-]+", value)]
    return spec


def build(spec):
    L, LC = spec["L"][0], spec["LC"][0]
    ch, a, b = spec["ch_input"], spec["ht_input"][0], spec["wd_input"][0]
    gen = torch.Generator().manual_seed(1)
    conv, fc = [], []
    for m in range(LC):
        h = spec["wd_filter"][m]
        fan_in = h * h * ch[m]
        w = torch.randn(ch[m + 1], ch[m], h, h, generator=gen) * (2.0 / fan_in) ** 0.5
        conv.append((w.requires_grad_(), torch.zeros(ch[m + 1], requires_grad=True), spec["wd_pad_added"][m],
                     spec["strides"][m], spec["wd_subimage_pool"][m]))
        a = (a + 2 * spec["wd_pad_added"][m] - h) // spec["strides"][m] + 1
        b = (b + 2 * spec["wd_pad_added"][m] - h) // spec["strides"][m] + 1
        a, b = a // spec["wd_subimage_pool"][m], b // spec["wd_subimage_pool"][m]
    n = ch[LC] * a * b
    for out in spec["full_neurons"]:
        w = torch.randn(out, n, generator=gen) * (2.0 / n) ** 0.5
        fc.append((w.requires_grad_(), torch.zeros(out, requires_grad=True)))
        n = out
    return conv, fc, (ch[0], spec["ht_input"][0], spec["wd_input"][0]), n


def loss_of(conv, fc, x, y):
    z = x
    for w, bias, pad, stride, pool in conv:
        z = F.max_pool2d(F.relu(F.conv2d(z, w, bias, stride=stride, padding=pad)), pool)
    z = z.flatten(1)
    for k, (w, bias) in enumerate(fc):
        z = F.linear(z, w, bias)
        if k < len(fc) - 1:
            z = F.relu(z)
    return ((z - y) ** 2).sum(dim=1)


def main():
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    dtype = sys.argv[5] if len(sys.argv) > 5 else "float64"
    torch.set_num_threads(threads)
    torch.set_default_dtype({"float64": torch.float64, "float32": torch.float32}[dtype])
    spec = parse(sys.argv[1])
    runs = int(sys.argv[2])
    conv, fc, shape, nout = build(spec)
    params = [t for layer in conv for t in layer[:2]] + [t for layer in fc for t in layer]
    times = []
    if batch == 0:
        x = torch.rand(1, *shape, generator=torch.Generator().manual_seed(2)).requires_grad_()
        y = torch.zeros(1, nout)
        y[0, 0] = 1.0
        for r in range(runs + 1):
            t0 = time.perf_counter()
            for p in params + [x]:
                p.grad = None
            loss_of(conv, fc, x, y).sum().backward()
            if r > 0:  # the first run warms up
                times.append((time.perf_counter() - t0) * 1e3)
    else:
        opt = torch.optim.SGD(params, lr=0.01, momentum=0.9)
        x = torch.rand(batch, *shape, generator=torch.Generator().manual_seed(2))
        y = torch.zeros(batch, nout)
        y[:, 0] = 1.0
        for r in range(runs + 1):
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss_of(conv, fc, x, y).mean().backward()
            opt.step()
            if r > 0:
                times.append((time.perf_counter() - t0) * 1e3)
    print("%.4f" % statistics.median(times))


if __name__ == "__main__":
    main()
