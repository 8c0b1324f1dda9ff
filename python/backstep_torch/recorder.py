"""The recorder: a state machine driven by the training loop's own calls.

When a step begins and ends (the rule):
  - Steps are counted by `optimizer.step()` calls, starting at `first_step` when record() is entered.
  - A step ends when `optimizer.step()` returns; the next one begins at once (so zero_grad, the data
    loading and the forward pass of step n+1 all belong to step n+1).
  - Within a recorded step, ops run outside any module before the model's first forward are
    `forward` ops of module ''; ops outside any module after it are the `loss` phase; the tensor
    `.backward()` is called on is the step's loss; the autograd graph's nodes are the `backward` ops.
  - A step whose optimizer.step() is never called (the loop stops, a GradScaler skips it) is dropped.
Each step's entries go to their own file, `<index>.chunks/00000.step.json`…, written once; the index
lists them and is rewritten after every recorded step, so a crash keeps the steps already done.
"""
import contextlib
import fnmatch
import json
import os

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten

from .chunks import DTYPES, ChunkWriter
from .graph import Attribution, graph_nodes
from .stats import tensor_stats

FORMAT, VERSION = 'bstrace', 2
# Sparse and meta tensors have no values to summarise.
_NO_STATS = {'min': None, 'max': None, 'mean': None, 'std': None, 'norm': None, 'nan': 0, 'inf': 0}


class _ForwardMode(TorchDispatchMode):
    """Every aten op of the forward pass (the recorder's own ops run with the mode off)."""

    def __init__(self, recorder):
        super().__init__()
        self.recorder = recorder

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        # The inputs are recorded before the op runs: an in-place op (sigmoid_, add_) overwrites them.
        event = self.recorder._forward_inputs(func, args, kwargs)
        out = func(*args, **kwargs)
        if event is not None:
            self.recorder._forward_outputs(event, out)
        return out


def _tensors(tree):
    return [t for t in tree_flatten(tree)[0] if isinstance(t, torch.Tensor)]


def _written(func, args, kwargs):
    """Ids of the tensors the op writes into: its schema's mutable arguments (`Tensor(a!) self`, `out=`)."""
    ids = set()
    for i, a in enumerate(func._schema.arguments):
        if a.alias_info is None or not a.alias_info.is_write:
            continue
        value = args[i] if i < len(args) else kwargs.get(a.name)
        ids.update(id(t) for t in _tensors(value))
    return ids


def _rank():
    import torch.distributed as dist
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def trace_path(path, rank, world_size):
    """`run.bstrace` alone; under torch.distributed with several ranks, `run.rank<r>.bstrace` for each."""
    if world_size <= 1:
        return path
    stem = path[:-len('.bstrace')] if path.endswith('.bstrace') else path
    return '%s.rank%d.bstrace' % (stem, rank)


class _Step:
    def __init__(self, number, lr):
        self.number = number
        self.lr = lr
        self.events = []
        self.loss = None
        self.seen = {}  # id(tensor) → (tensor, version, entry): a tensor met again is the same entry
        self.model_ran = False
        self.backward_done = False
        self.forward_ops = 0
        self.backward_ops = 0


class Recorder:
    def __init__(self, model, optimizer, path, steps, full=('*',), max_elements=65536, first_step=0,
                 ranks=None, chunk_bytes=64 << 20, bins=16):
        self.model, self.optimizer = model, optimizer
        self.steps = set(steps)
        self.full = list(full or [])
        self.max_elements = max_elements
        self.step = first_step
        self.bins = bins
        self.rank, self.world_size = _rank()
        self.active = ranks is None or self.rank in ranks
        self.path = trace_path(path, self.rank, self.world_size)
        self.chunk_bytes = chunk_bytes
        self.current = None
        self.done = []
        self.mode = None
        self.module_stack = []
        self.attribution = Attribution()
        self.handles = []
        self.patched = []
        self.paused = False

    # ---- entering and leaving -------------------------------------------------------------
    def start(self):
        if not self.active:
            return self
        self.chunks = ChunkWriter(self.path + '.chunks', self.chunk_bytes)
        self.names = {id(p): n for n, p in self.model.named_parameters()}
        self.owner = {}
        for path, module in self.model.named_modules():
            for n, p in module.named_parameters(recurse=False):
                self.owner[id(p)] = path
            self.handles.append(module.register_forward_pre_hook(self._pre_hook(path)))
            self.handles.append(module.register_forward_hook(self._post_hook(path)))
        self._patch(self.optimizer, 'step', self._optimizer_step(self.optimizer.step))
        self._patch(self.optimizer, 'zero_grad', self._unrecorded(self.optimizer.zero_grad))
        self._patch(torch.autograd, 'backward', self._backward(torch.autograd.backward))
        self._patch_collectives()
        self._begin_if_recorded()
        return self

    def stop(self):
        if not self.active:
            return
        self._forward_off()
        self.current = None
        for h in self.handles:
            h.remove()
        for owner, name, old, had in reversed(self.patched):
            if had:
                setattr(owner, name, old)
            else:
                delattr(owner, name)
        self.handles, self.patched = [], []
        self._write_index()

    def _patch(self, owner, name, new):
        had = name in vars(owner) if not isinstance(owner, type) else True
        self.patched.append((owner, name, getattr(owner, name), had))
        setattr(owner, name, new)

    def _patch_collectives(self):
        import torch.distributed as dist
        if not dist.is_available():
            return
        for name in ('all_reduce', 'broadcast', 'reduce', 'all_gather', 'reduce_scatter', 'all_to_all',
                     'all_gather_into_tensor', 'reduce_scatter_tensor', 'all_to_all_single'):
            if hasattr(dist, name):
                self._patch(dist, name, self._collective(name, getattr(dist, name)))

    # ---- step boundaries --------------------------------------------------------------------
    def _begin_if_recorded(self):
        if self.step in self.steps:
            self.current = _Step(self.step, float(self.optimizer.param_groups[0]['lr']))
            self.attribution = Attribution()
            self.module_stack = []  # a forward that raised in an earlier step may have left entries
            self._forward_on()

    def _forward_on(self):
        if self.mode is None:
            self.mode = _ForwardMode(self)
            self.mode.__enter__()

    def _forward_off(self):
        if self.mode is not None:
            self.mode.__exit__(None, None, None)
            self.mode = None

    def _optimizer_step(self, original):
        def step(*args, **kwargs):
            s = self.current
            if s is None:
                out = original(*args, **kwargs)
            else:
                self._forward_off()
                grads = self._params_with_grad()
                before = {id(p): self._tensor(p, 's%d/u/%s/before' % (s.number, n), self._full_param(p)) for p, n in grads}
                out = original(*args, **kwargs)
                for p, n in grads:
                    s.events.append(self._update(s, p, n, before[id(p)]))
                self._finish(s)
            self.step += 1
            self._begin_if_recorded()
            return out
        return step

    @contextlib.contextmanager
    def pause(self):
        """Code run inside `with recorder.pause():` is not recorded (logging, metrics, checks)."""
        self.paused, was = True, self.paused
        had_mode = self.mode is not None
        self._forward_off()
        try:
            yield
        finally:
            self.paused = was
            if had_mode and self.current is not None:
                self._forward_on()

    def _unrecorded(self, original):
        """optimizer.zero_grad() is bookkeeping, not an op of the step."""
        def call(*args, **kwargs):
            self.paused, was = True, self.paused
            try:
                return original(*args, **kwargs)
            finally:
                self.paused = was
        return call

    def _finish(self, s):
        self.current = None
        if s.loss is not None:
            self.chunks.flush()
            self.done.append({'step': s.number, 'file': self._write_step({'step': s.number, 'loss': s.loss, 'lr': s.lr, 'events': s.events})})
            self._write_index()

    # ---- what is recorded -------------------------------------------------------------------
    def _matches(self, module):
        return any(fnmatch.fnmatchcase(module, pattern) for pattern in self.full)

    def _full_param(self, p):
        return self._matches(self.owner.get(id(p), ''))

    def _tensor(self, t, key, full, written=False):
        """The entry of `t` as it is now. `written`: an in-place op just wrote into `t`, so its values are
        new (a new entry) and autograd bumps its version once the op returns (expected here)."""
        s = self.current
        known = s.seen.get(id(t))
        if known is not None and known[1] == t._version and not written:
            entry = known[2]
            if full and 'chunk' not in entry and self._storable(t):
                entry['chunk'] = self.chunks.add(entry['id'], t)  # every appearance shares the entry
            return entry
        readable = t.layout == torch.strided and t.device.type != 'meta'
        entry = {'id': key, 'shape': list(t.shape), 'dtype': DTYPES.get(t.dtype, 'F32'),
                 'stats': tensor_stats(t, self.bins) if readable else _NO_STATS}
        if full and readable and self._storable(t):
            entry['chunk'] = self.chunks.add(key, t)
        s.seen[id(t)] = (t, t._version + (1 if written else 0), entry)
        return entry

    def _storable(self, t):
        return t.dtype in DTYPES and t.numel() <= self.max_elements

    def _phase(self, s):
        """Ops after backward() (clipping, a gradient all_reduce) belong to the backward phase."""
        if s.backward_done:
            return 'backward'
        return 'loss' if not self.module_stack and s.model_ran else 'forward'

    def _forward_inputs(self, func, args, kwargs):
        """Records the inputs of a forward op about to run; the event, or None when not recording."""
        s = self.current
        if s is None or self.paused:
            return None
        module = self.module_stack[-1] if self.module_stack else ''
        k = s.forward_ops
        s.forward_ops += 1
        full = self._matches(module)
        inputs = [self._tensor(t, 's%d/f%d/in%d' % (s.number, k, i), full) for i, t in enumerate(_tensors((args, kwargs)))]
        event = {'phase': self._phase(s), 'op': func._schema.name, 'module': module, 'inputs': inputs, 'outputs': []}
        return event, k, full, _written(func, args, kwargs)

    def _forward_outputs(self, pending, out):
        """Records the outputs of the op (an in-place op's written tensor as a new entry with its new values)."""
        event, k, full, written = pending
        s = self.current
        if s is None:
            return
        event['outputs'] = [self._tensor(t, 's%d/f%d/out%d' % (s.number, k, i), full, id(t) in written)
                            for i, t in enumerate(_tensors(out))]
        s.events.append(event)

    def _pre_hook(self, path):
        def hook(module, inputs):
            if self.current is not None and not self.paused:
                self.module_stack.append(path)
                self.attribution.enter(_tensors(inputs))
        return hook

    def _post_hook(self, path):
        def hook(module, inputs, output):
            if self.current is None or self.paused or not self.module_stack or self.module_stack[-1] != path:
                return
            self.module_stack.pop()
            self.attribution.leave(path, _tensors(output))
            if module is self.model:
                self.current.model_ran = True
        return hook

    def _backward(self, original):
        def backward(tensors, *args, **kwargs):
            s = self.current
            if s is None or self.paused:
                return original(tensors, *args, **kwargs)
            roots = [tensors] if isinstance(tensors, torch.Tensor) else list(tensors)
            self._forward_off()
            if s.loss is None:
                s.loss = self._tensor(roots[0], 's%d/loss' % s.number, True)
            handles = [node.register_hook(self._node_hook(node)) for node in graph_nodes(roots)]
            try:
                return original(tensors, *args, **kwargs)
            finally:
                for h in handles:
                    h.remove()
                s.backward_done = True
                if self.current is s:
                    self._forward_on()
        return backward

    def _node_hook(self, node):
        def hook(grad_inputs, grad_outputs):
            s = self.current
            if s is None:
                return
            module = self.attribution.module_of(node)
            full = self._matches(module)
            k = s.backward_ops
            s.backward_ops += 1
            ins = [self._tensor(g, 's%d/b%d/in%d' % (s.number, k, i), full) for i, g in enumerate(grad_outputs) if g is not None]
            outs, grads = [], {}
            for i, g in enumerate(grad_inputs):
                if g is None:
                    continue
                entry = self._tensor(g, 's%d/b%d/out%d' % (s.number, k, i), full)
                outs.append(entry)
                nxt = node.next_functions[i][0] if i < len(node.next_functions) else None
                param = getattr(nxt, 'variable', None) if nxt is not None else None
                if param is not None and id(param) in self.names:
                    grads[self.names[id(param)]] = entry
            event = {'phase': 'backward', 'op': node.name(), 'module': module, 'inputs': ins, 'outputs': outs}
            if grads:
                event['paramGrads'] = grads
            s.events.append(event)
        return hook

    def _params_with_grad(self):
        out = []
        for g in self.optimizer.param_groups:
            for p in g['params']:
                if p.grad is not None:
                    out.append((p, self.names.get(id(p), 'param%d' % len(out))))
        return out

    def _update(self, s, p, name, before):
        full = self._full_param(p)
        key = 's%d/u/%s/' % (s.number, name)
        state = {k: self._tensor(v, key + k, full) for k, v in self.optimizer.state.get(p, {}).items()
                 if isinstance(v, torch.Tensor) and k != 'step'}
        return {'phase': 'update', 'param': name, 'before': before, 'after': self._tensor(p, key + 'after', full),
                'grad': self._tensor(p.grad, key + 'grad', full), 'state': state}

    def _collective(self, name, original):
        def collective(first, *args, **kwargs):
            s = self.current
            if s is None or self.paused:
                return original(first, *args, **kwargs)
            module = self.module_stack[-1] if self.module_stack else ''
            phase = 'backward' if self.mode is None else self._phase(s)
            k = s.forward_ops
            s.forward_ops += 1
            full = self._matches(module)
            had_mode = self.mode is not None
            self._forward_off()
            ins = [self._tensor(t, 's%d/f%d/in%d' % (s.number, k, i), full) for i, t in enumerate(_tensors(first))]
            out = original(first, *args, **kwargs)
            outs = [self._tensor(t, 's%d/f%d/out%d' % (s.number, k, i), full) for i, t in enumerate(_tensors(first))]
            if had_mode:
                self._forward_on()
            s.events.append({'phase': phase, 'op': 'c10d::' + name, 'module': module, 'inputs': ins, 'outputs': outs})
            return out
        return collective

    # ---- the index --------------------------------------------------------------------------
    def _index(self):
        params = [{'name': n, 'shape': list(p.shape), 'dtype': DTYPES.get(p.dtype, 'F32')} for n, p in self.model.named_parameters()]
        modules = [{'path': path, 'type': type(m).__name__, 'params': [(path + '.' if path else '') + n for n, _ in m.named_parameters(recurse=False)]}
                   for path, m in self.model.named_modules()]
        hyper = {}
        for k, v in self.optimizer.param_groups[0].items():
            if isinstance(v, bool) or v is None:
                continue
            if isinstance(v, (int, float)):
                hyper[k] = float(v)
            elif isinstance(v, (tuple, list)) and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
                hyper.update({'%s.%d' % (k, i): float(x) for i, x in enumerate(v)})
        first = next(self.model.parameters(), None)
        return {'format': FORMAT, 'version': VERSION, 'torch': torch.__version__, 'rank': self.rank,
                'worldSize': self.world_size, 'device': str(first.device) if first is not None else 'cpu',
                'modules': modules, 'params': params,
                'optimizer': {'type': type(self.optimizer).__name__, 'hyper': hyper}, 'steps': self.done}

    def _write_step(self, step):
        name = '%05d.step.json' % len(self.done)
        with open(os.path.join(self.chunks.folder, name), 'w', encoding='utf-8') as f:
            json.dump(step, f, allow_nan=False, separators=(',', ':'))
        return name

    def _write_index(self):
        tmp = self.path + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as f:
            json.dump(self._index(), f, allow_nan=False, separators=(',', ':'))
        os.replace(tmp, self.path)
