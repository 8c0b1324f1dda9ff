"""python -m backstep_torch record train.py --steps 100:103 [--out run.bstrace] [--full 'fc1,encoder.*'] [--max-elements N] [-- args…]

Runs the script unchanged (runpy, as `__main__`, with sys.argv = [script, args…]) and records around
it. The rule: the first optimizer the script constructs is the one recorded; steps are counted by its
step() calls from 0; the model is the first module called at top level (no module running) that
owns one of that optimizer's parameters. Recording starts at that call, so every step can be recorded.
"""
import argparse
import os
import runpy
import sys

import torch

from .recorder import Recorder


def _steps(text):
    first, sep, last = text.partition(':')
    if not sep:
        return range(int(first), int(first) + 1)
    return range(int(first), int(last))


class _Discovery:
    def __init__(self, options):
        self.options = options
        self.optimizer = None
        self.recorder = None
        self.handles = []

    def install(self):
        original_init = torch.optim.Optimizer.__init__
        discovery = self

        def init(optimizer, *args, **kwargs):
            original_init(optimizer, *args, **kwargs)
            if discovery.optimizer is None:
                discovery.optimizer = optimizer
                discovery._count_steps(optimizer)
        torch.optim.Optimizer.__init__ = init
        self.restore_init = lambda: setattr(torch.optim.Optimizer, '__init__', original_init)
        self.handles.append(torch.nn.modules.module.register_module_forward_pre_hook(self._pre_hook))
        self.depth = 0
        self.handles.append(torch.nn.modules.module.register_module_forward_hook(self._post_hook))

    def _count_steps(self, optimizer):
        self.steps_before = 0
        original = optimizer.step

        def step(*args, **kwargs):
            out = original(*args, **kwargs)
            if self.recorder is None:
                self.steps_before += 1
            return out
        optimizer.step = step

    def _pre_hook(self, module, inputs):
        self.depth += 1
        if self.recorder is not None or self.optimizer is None or self.depth != 1:
            return
        owned = {id(p) for g in self.optimizer.param_groups for p in g['params']}
        if not any(id(p) in owned for p in module.parameters()):
            return
        o = self.options
        self.recorder = Recorder(module, self.optimizer, o.out, _steps(o.steps), full=o.full, max_elements=o.max_elements,
                                 first_step=self.steps_before)
        self.recorder.start()
        self.recorder._pre_hook('')(module, inputs)  # this call's own hooks were listed before they existed

    def _post_hook(self, module, inputs, output):
        self.depth -= 1

    def finish(self):
        self.restore_init()
        for h in self.handles:
            h.remove()
        if self.recorder is not None:
            self.recorder.stop()
            return self.recorder.path
        return None


def main(argv):
    parser = argparse.ArgumentParser(prog='python -m backstep_torch')
    sub = parser.add_subparsers(dest='command', required=True)
    rec = sub.add_parser('record', help='run a training script and record some of its steps')
    rec.add_argument('script')
    rec.add_argument('--steps', required=True, help='N or FIRST:END (END excluded), counted by optimizer.step() from 0')
    rec.add_argument('--out', default=None, help='the index file (default: <script>.bstrace)')
    rec.add_argument('--full', default='*', help='comma-separated module patterns whose values are kept ("" for none)')
    rec.add_argument('--max-elements', type=int, default=65536)
    # The script's own arguments follow `--` (or are any the recorder does not know).
    ours, sep, theirs = (argv[:argv.index('--')], ['--'], argv[argv.index('--') + 1:]) if '--' in argv else (argv, [], [])
    o, unknown = parser.parse_known_args(ours)
    o.args = unknown + theirs
    o.out = o.out or os.path.splitext(o.script)[0] + '.bstrace'
    o.full = [p for p in o.full.split(',') if p] if o.full else []
    args = o.args
    discovery = _Discovery(o)
    discovery.install()
    sys.argv = [o.script] + args
    sys.path.insert(0, os.path.dirname(os.path.abspath(o.script)))
    try:
        runpy.run_path(o.script, run_name='__main__')
    finally:
        path = discovery.finish()
    if path is None:
        print('backstep_torch: the script constructed no optimizer or never called its model', file=sys.stderr)
        return 1
    print('backstep_torch: recorded %s' % path, file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
