"""What the recorder moves to the host, for test/python/record.test.ts: the GPU path, exercised on CPU.

    /usr/bin/python3 test/python/record_transfers.py OUTDIR

On a GPU every `.tolist()`, `.item()`, `int()`/`float()` of a tensor, `.cpu()` and `.to('cpu')` is a
device-to-host transfer (and a synchronisation). Here on the CPU they are counted instead, with the
number of elements each would move, while a Linear(1024, 1024) trains one recorded step:

  stats.bstrace   statistics only (full=[]): no transfer may move a tensor's values
  full.bstrace    every value (max_elements=2**22): the values move once per entry, in .to('cpu')

Prints {"stats": {"largest": n, "total": n, "calls": n}, "full": {...}} (elements moved per call).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'python'))

import torch  # noqa: E402
import backstep_torch  # noqa: E402


class Transfers:
    """Wraps the Tensor methods that copy to the host; counts while `counting`."""

    def __init__(self):
        self.counting = False
        self.moved = []
        for name in ('tolist', 'item', '__int__', '__float__', 'cpu'):  # numpy() reads a CPU tensor only
            self._wrap(name, lambda args, kwargs: True)
        self._wrap('to', lambda args, kwargs: any(_is_cpu(a) for a in list(args) + [kwargs.get('device')]))

    def _wrap(self, name, moves):
        original = getattr(torch.Tensor, name)

        def wrapper(tensor, *args, **kwargs):
            if self.counting and moves(args, kwargs):
                self.counting = False  # the count itself (numel) is no transfer
                try:
                    self.moved.append(tensor.numel())
                finally:
                    self.counting = True
            return original(tensor, *args, **kwargs)
        setattr(torch.Tensor, name, wrapper)

    def report(self):
        return {'largest': max(self.moved, default=0), 'total': sum(self.moved), 'calls': len(self.moved)}


def _is_cpu(a):
    return (isinstance(a, str) and a == 'cpu') or (isinstance(a, torch.device) and a.type == 'cpu')


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    transfers = Transfers()
    out = {}
    for name, full in (('stats', []), ('full', ['*'])):
        torch.manual_seed(0)
        model = torch.nn.Linear(1024, 1024)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        x = torch.randn(8, 1024)
        with backstep_torch.record(model, optimizer, os.path.join(outdir, name + '.bstrace'), steps=[0], full=full, max_elements=2 ** 22):
            transfers.moved, transfers.counting = [], True
            optimizer.zero_grad()
            model(x).pow(2).mean().backward()
            optimizer.step()
            transfers.counting = False
        out[name] = transfers.report()
    print(json.dumps(out))


if __name__ == '__main__':
    main(sys.argv[1])
