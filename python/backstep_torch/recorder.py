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
from .collectives import COLLECTIVES, bucket_slices, collective_arguments, common_module, completed, ddp_comm_hook
from .graph import Attribution, graph_nodes
from .source import forward_source
from .stats import dense_block, tensor_stats

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
        self.blocks = {}  # dense_block(tensor) → its stats
        self.model_ran = False
        self.backward_done = False
        self.forward_ops = 0
        self.backward_ops = 0


class Recorder:
    def __init__(self, model, optimizer, path, steps, full=('*',), max_elements=65536, first_step=0,
                 ranks=None, chunk_bytes=64 << 20, bins=16, comm_hook=None):
        # A DistributedDataParallel model is recorded as the module it wraps (paths without `module.`).
        from torch.nn.parallel import DistributedDataParallel
        self.ddp = model if isinstance(model, DistributedDataParallel) else None
        self.model = model.module if self.ddp is not None else model
        self.optimizer = optimizer
        self.comm_hook = comm_hook
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
        self._hook_ddp()
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
        hook = getattr(self.ddp, '_backstep_comm_hook', None)
        if hook is not None and hook.recorder is self:
            hook.recorder = None
        self._write_index()

    def _patch(self, owner, name, new):
        had = name in vars(owner) if not isinstance(owner, type) else True
        self.patched.append((owner, name, getattr(owner, name), had))
        setattr(owner, name, new)

    def _patch_collectives(self):
        import torch.distributed as dist
        if not dist.is_available():
            return
        for name in COLLECTIVES:
            if hasattr(dist, name):
                self._patch(dist, name, self._collective(name, getattr(dist, name)))

    def _hook_ddp(self):
        """Registers the bucket-recording comm hook on a DDP model, once for its lifetime (see collectives.py)."""
        if self.ddp is None:
            return
        hook = getattr(self.ddp, '_backstep_comm_hook', None)
        if hook is None:
            from torch.distributed.algorithms.ddp_comm_hooks.default_hooks import allreduce_hook
            hook = ddp_comm_hook(self.comm_hook or allreduce_hook)
            try:
                self.ddp.register_comm_hook(self.ddp.process_group, hook)
            except RuntimeError as e:
                raise RuntimeError('backstep_torch: this DistributedDataParallel model has a comm hook of its own; '
                                   'pass it as record(..., comm_hook=your_hook) instead of registering it (%s)' % e) from e
            self.ddp._backstep_comm_hook = hook
        elif self.comm_hook is not None and hook.inner is not self.comm_hook:
            raise RuntimeError('backstep_torch: this DistributedDataParallel model already records through %s; '
                               'DDP cannot change its comm hook' % hook.inner.__name__)
        hook.recorder = self

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

    def _tensor(self, t, key, full, written=False, fresh=False):
        """The entry of `t` as it is now. `written`: an in-place op just wrote into `t`, so its values are
        new (a new entry) and autograd bumps its version once the op returns (expected here). `fresh`: `t`
        was just written by something that does not bump its version (a collective): a new entry."""
        s = self.current
        known = s.seen.get(id(t))
        if known is not None and known[1] == t._version and not written and not fresh:
            entry = known[2]
            if full and 'chunk' not in entry and self._storable(t):
                entry['chunk'] = self.chunks.add(entry['id'], t)  # every appearance shares the entry
            return entry
        readable = t.layout == torch.strided and t.device.type != 'meta'
        entry = {'id': key, 'shape': list(t.shape), 'dtype': DTYPES.get(t.dtype, 'F32'),
                 'stats': self._stats(t, written, fresh) if readable else _NO_STATS}
        if full and readable and self._storable(t):
            entry['chunk'] = self.chunks.add(key, t)
        s.seen[id(t)] = (t, t._version + (1 if written else 0), entry)
        return entry

    def _stats(self, t, written, fresh):
        """A tensor's stats; a dense block's once per version, whatever its order: the transpose of a weight
        or of a gradient holds the same values, so it has the same stats. (The tensors of a step are held
        until it ends, so no other tensor has the block's address meanwhile.) Values just written have not
        had their version bumped yet (in-place op: autograd bumps it next) or at all (collective)."""
        block = dense_block(t)
        blocks = self.current.blocks
        if block is not None and (written or fresh):
            blocks.pop(block, None)
        known = blocks.get(block) if block is not None else None
        if known is None:
            known = tensor_stats(t, self.bins)
            if block is not None and not written:
                blocks[block] = known
        return known

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
        collective = event['op'].startswith('c10d::')
        if collective:  # a collective torch runs itself (DDP's buffer broadcast): its values once it completes
            for work in tree_flatten(out)[0]:
                if not isinstance(work, torch.Tensor) and hasattr(work, 'wait'):
                    work.wait()
        event['outputs'] = [self._tensor(t, 's%d/f%d/out%d' % (s.number, k, i), full, id(t) in written, fresh=collective)
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
        """A torch.distributed collective as an op (collectives.py): what it reads before, what it wrote after."""
        def collective(*args, **kwargs):
            s = self.current
            arguments = collective_arguments(name, original, args, kwargs) if s is not None and not self.paused else None
            if arguments is None:
                return original(*args, **kwargs)
            module = self.module_stack[-1] if self.module_stack else ''
            phase = 'backward' if self.mode is None else self._phase(s)
            k = s.forward_ops
            s.forward_ops += 1
            full = self._matches(module)
            had_mode = self.mode is not None
            self._forward_off()
            try:
                ins = [self._tensor(t, 's%d/f%d/in%d' % (s.number, k, i), full) for i, t in enumerate(_tensors(arguments[0]))]
                work = original(*args, **kwargs)
                if work is not None and hasattr(work, 'wait'):
                    work.wait()
                outs = [self._tensor(t, 's%d/f%d/out%d' % (s.number, k, i), full, fresh=True)
                        for i, t in enumerate(_tensors(arguments[1]))]
            finally:
                if had_mode:
                    self._forward_on()
            s.events.append({'phase': phase, 'op': 'c10d::' + name, 'module': module, 'inputs': ins, 'outputs': outs})
            return work
        return collective

    def recording(self):
        return self.current is not None and not self.paused

    def bucket(self, state, bucket, inner):
        """One DDP bucket's gradient reduced by `inner` (its comm hook), recorded as a backward op (collectives.py)."""
        s = self.current
        params = bucket.parameters()
        names = [self.names.get(id(p), '') for p in params]
        module = common_module([self.owner.get(id(p), '') for p in params])
        full = self._matches(module)
        key = 's%d/b%d/' % (s.number, s.backward_ops)
        s.backward_ops += 1
        before = self._tensor(bucket.buffer(), key + 'in0', full)
        self.paused = True  # the inner hook's own dist.all_reduce is this op
        try:
            result = inner(state, bucket).wait()
        finally:
            self.paused = False
        after = self._tensor(result, key + 'out0', full, fresh=True)
        grads = {n: self._tensor(g, key + 'grad/' + n, full, fresh=True)
                 for n, g in zip(names, bucket_slices(result, params)) if n}
        from torch.distributed.algorithms.ddp_comm_hooks.default_hooks import allreduce_hook
        op = 'c10d::all_reduce' if inner is allreduce_hook else 'ddp::' + getattr(inner, '__name__', 'comm_hook')
        s.events.append({'phase': 'backward', 'op': op, 'module': module, 'inputs': [before], 'outputs': [after], 'paramGrads': grads})
        return completed(result)

    # ---- the index --------------------------------------------------------------------------
    def _index(self):
        params = [{'name': n, 'shape': list(p.shape), 'dtype': DTYPES.get(p.dtype, 'F32')} for n, p in self.model.named_parameters()]
        modules = [self._module(path, m) for path, m in self.model.named_modules()]
        hyper, flags = {}, {}
        for k, v in self.optimizer.param_groups[0].items():
            if isinstance(v, bool):
                flags[k] = v
            elif v is None:
                continue
            elif isinstance(v, (int, float)):
                hyper[k] = float(v)
            elif isinstance(v, (tuple, list)) and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
                hyper.update({'%s.%d' % (k, i): float(x) for i, x in enumerate(v)})
        first = next(self.model.parameters(), None)
        return {'format': FORMAT, 'version': VERSION, 'torch': torch.__version__, 'rank': self.rank,
                'worldSize': self.world_size, 'device': str(first.device) if first is not None else 'cpu',
                'modules': modules, 'params': params,
                'optimizer': {'type': type(self.optimizer).__name__, 'hyper': hyper, 'flags': flags}, 'steps': self.done}

    @staticmethod
    def _module(path, m):
        entry = {'path': path, 'type': type(m).__name__, 'params': [(path + '.' if path else '') + n for n, _ in m.named_parameters(recurse=False)]}
        source = forward_source(type(m))
        if source is not None:
            entry['source'] = source
        return entry

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
