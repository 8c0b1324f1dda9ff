"""Recording overhead per training step and trace size per step (CPU), for bench/recorder.bench.ts.

    /usr/bin/python3 bench/recorder.bench.py OUTDIR [--width 1024] [--steps 3]

Two models (a small MLP, and a deeper, wider one: 4 Linear layers of width × width), each trained
without recording, then recording with statistics only (full=[]) and with full values
(full=['*'], no element limit), SGD with momentum. Prints one JSON line per case:
{model, params, mode, ms_per_step, overhead, bytes_per_step, index}.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))

import torch  # noqa: E402
import backstep_torch  # noqa: E402


def model_of(kind, width):
    torch.manual_seed(0)
    if kind == 'small':
        return torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.Tanh(), torch.nn.Linear(64, 4)), 16, 4
    layers = []
    for _ in range(4):
        layers += [torch.nn.Linear(width, width), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers, torch.nn.Linear(width, 4)), width, 4


def run(kind, width, mode, steps, outdir):
    model, n_in, n_out = model_of(kind, width)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.randn(32, n_in), torch.randn(32, n_out)
    path = os.path.join(outdir, '%s-%s.bstrace' % (kind, mode))

    def step():
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()

    step()  # warm-up, not recorded (step 0)
    times = []
    full = {'stats': [], 'full': ['*']}.get(mode)
    recording = backstep_torch.record(model, optimizer, path, steps=range(1, steps + 1), first_step=1, full=full, max_elements=2 ** 62) if mode != 'none' else None
    if recording is not None:
        recording.__enter__()
    try:
        for _ in range(steps):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
    finally:
        if recording is not None:
            recording.__exit__(None, None, None)
    times.sort()
    size = 0
    if mode != 'none':
        size = os.path.getsize(path) + sum(os.path.getsize(os.path.join(path + '.chunks', f)) for f in os.listdir(path + '.chunks'))
    return {'model': kind, 'params': sum(p.numel() for p in model.parameters()), 'mode': mode,
            'ms_per_step': 1000 * times[len(times) // 2], 'bytes_per_step': size // steps,
            'index': path if mode != 'none' else None}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('outdir')
    parser.add_argument('--width', type=int, default=1024)
    parser.add_argument('--steps', type=int, default=3)
    o = parser.parse_args()
    os.makedirs(o.outdir, exist_ok=True)
    torch.set_num_threads(1)
    for kind in ('small', 'large'):
        base = None
        for mode in ('none', 'stats', 'full'):
            r = run(kind, o.width, mode, o.steps, o.outdir)
            base = base or r['ms_per_step']
            r['overhead'] = r['ms_per_step'] / base
            print(json.dumps(r), flush=True)


if __name__ == '__main__':
    main()
