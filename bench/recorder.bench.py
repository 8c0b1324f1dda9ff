"""Recording overhead per training step and trace size per step (CPU), for bench/recorder.bench.ts.

    /usr/bin/python3 bench/recorder.bench.py OUTDIR [--width 1024] [--steps 3] [--big-width 4096] [--big-layers 6] [--big-steps 1] [--only small,large,100M]

Times are this process's CPU time (time.process_time, one torch thread): the bench machine's cores
are shared, and wall-clock times there measure the neighbours as much as the recorder.

Three MLPs, SGD with momentum, each trained without recording, then recording:
  small   16 → 64 → 4 (1,348 parameters): statistics only (full=[]) and every value (full=['*'])
  large   4 Linear layers width × width (4.2M at 1024): statistics only and every value
  100M    big-layers Linear layers big-width × big-width, batch 8 (100.7M at 4096 × 6): statistics only,
          and statistics plus every value of one module (full=['fc3'], its 16.8M-element tensors too)
No element limit (max_elements=2**62). Prints one JSON line per case: {model, params, mode, ms_per_step,
overhead, bytes_per_step, stats_ms, copy_ms, copy_mb, index}: ms_per_step is the median step's CPU
time, stats_ms the time per step spent in the statistics, copy_ms in taking the kept values off the
tensors (`.to('cpu', copy=True)`, contiguous: chunks.private_copy; on a GPU the device-to-host transfer
happens there), copy_mb the bytes taken.
"""
import argparse
import collections
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))

import torch  # noqa: E402
import backstep_torch  # noqa: E402
from backstep_torch import chunks, recorder  # noqa: E402


class Timed:
    """Time spent in backstep_torch's statistics and value copies, wrapped where the recorder calls them."""

    def __init__(self):
        self.stats = self.copy = 0.0
        self.bytes = 0
        stats, add = recorder.tensor_stats, chunks.ChunkWriter.add

        def timed_stats(*args):
            t0 = time.process_time()
            try:
                return stats(*args)
            finally:
                self.stats += time.process_time() - t0

        def timed_add(writer, key, tensor):
            t0 = time.process_time()
            try:
                return add(writer, key, tensor)
            finally:
                self.copy += time.process_time() - t0
                self.bytes += tensor.numel() * tensor.element_size()
        recorder.tensor_stats, chunks.ChunkWriter.add = timed_stats, timed_add

    def reset(self):
        self.stats = self.copy = 0.0
        self.bytes = 0


def model_of(kind, o):
    torch.manual_seed(0)
    if kind == 'small':
        return torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.Tanh(), torch.nn.Linear(64, 4)), 16, 32
    width, depth, batch = (o.width, 4, 32) if kind == 'large' else (o.big_width, o.big_layers, 8)
    layers = collections.OrderedDict()
    for k in range(depth):
        layers['fc%d' % k] = torch.nn.Linear(width, width)
        layers['relu%d' % k] = torch.nn.ReLU()
    layers['head'] = torch.nn.Linear(width, 4)
    return torch.nn.Sequential(layers), width, batch


FULL = {'none': None, 'stats': [], 'full': ['*'], 'fc3': ['fc3']}


def run(kind, mode, steps, o, timed):
    model, n_in, batch = model_of(kind, o)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.randn(batch, n_in), torch.randn(batch, 4)
    path = os.path.join(o.outdir, '%s-%s.bstrace' % (kind, mode))

    def step():
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()

    step()  # warm-up, not recorded (step 0)
    times = []
    recording = None
    if mode != 'none':
        recording = backstep_torch.record(model, optimizer, path, steps=range(1, steps + 1), first_step=1, full=FULL[mode], max_elements=2 ** 62)
        recording.__enter__()
    timed.reset()
    try:
        for _ in range(steps):
            start = time.process_time()
            step()
            times.append(time.process_time() - start)
    finally:
        if recording is not None:
            recording.__exit__(None, None, None)
    times.sort()
    size = 0
    if mode != 'none':
        size = os.path.getsize(path) + sum(os.path.getsize(os.path.join(path + '.chunks', f)) for f in os.listdir(path + '.chunks'))
    return {'model': kind, 'params': sum(p.numel() for p in model.parameters()), 'mode': mode,
            'ms_per_step': 1000 * times[len(times) // 2], 'bytes_per_step': size // steps,
            'stats_ms': 1000 * timed.stats / steps, 'copy_ms': 1000 * timed.copy / steps, 'copy_mb': timed.bytes / steps / 1e6,
            'index': path if mode != 'none' else None}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('outdir')
    parser.add_argument('--width', type=int, default=1024)
    parser.add_argument('--steps', type=int, default=3)
    parser.add_argument('--big-width', type=int, default=4096)
    parser.add_argument('--big-layers', type=int, default=6)
    parser.add_argument('--big-steps', type=int, default=1)
    parser.add_argument('--only', default='small,large,100M')
    o = parser.parse_args()
    os.makedirs(o.outdir, exist_ok=True)
    torch.set_num_threads(1)
    timed = Timed()
    cases = [('small', ('none', 'stats', 'full'), o.steps), ('large', ('none', 'stats', 'full'), o.steps), ('100M', ('none', 'stats', 'fc3'), o.big_steps)]
    for kind, modes, steps in cases:
        if kind not in o.only.split(','):
            continue
        base = None
        for mode in modes:
            r = run(kind, mode, steps, o, timed)
            base = base or r['ms_per_step']
            r['overhead'] = r['ms_per_step'] / base
            print(json.dumps(r), flush=True)


if __name__ == '__main__':
    main()
