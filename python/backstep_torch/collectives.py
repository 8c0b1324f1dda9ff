"""torch.distributed collectives as recorded ops: the Python calls, and DDP's bucketed all-reduce.

A collective called from Python (`dist.all_reduce(t)`) is an op `c10d::all_reduce` of the module and
phase it ran in: its inputs are the tensors it reads, recorded before it runs, its outputs the tensors
it writes, recorded after it completes (an `async_op=True` call is waited for at once: the values are
final, and a completed work's later wait() returns at once).

DistributedDataParallel all-reduces the gradients in C++, bucket by bucket, during backward(); the
recorder sees them through a communication hook (`ddp.register_comm_hook`) that runs the hook DDP
would run (torch's `allreduce_hook`: divide by the world size, all_reduce; or the user's own), waits
for it, and records one op per bucket: the bucket's flat gradient before and after, and `paramGrads`,
each parameter's slice of the result (what DDP copies into its `.grad`). DDP allows one hook per model
and no removal: it stays registered after the recording and only forwards to the inner hook then.
"""
import inspect

import torch

# name → (arguments read, arguments written), by the parameter names of torch.distributed's functions.
COLLECTIVES = {
    'all_reduce': (('tensor',), ('tensor',)),
    'broadcast': (('tensor',), ('tensor',)),
    'reduce': (('tensor',), ('tensor',)),
    'all_gather': (('tensor',), ('tensor_list',)),
    'all_gather_into_tensor': (('input_tensor',), ('output_tensor',)),
    'reduce_scatter': (('input_list',), ('output',)),
    'reduce_scatter_tensor': (('input',), ('output',)),
    'all_to_all': (('input_tensor_list',), ('output_tensor_list',)),
    'all_to_all_single': (('input',), ('output',)),
    'gather': (('tensor',), ('gather_list',)),
    'scatter': (('scatter_list',), ('tensor',)),
}


def collective_arguments(name, original, args, kwargs):
    """The (read, written) argument values of a call to the collective `name`; None when they do not bind."""
    try:
        bound = inspect.signature(original).bind(*args, **kwargs)
    except TypeError:
        return None
    reads, writes = COLLECTIVES[name]
    return [bound.arguments.get(a) for a in reads], [bound.arguments.get(a) for a in writes]


def common_module(paths):
    """The innermost module holding every one of `paths` (dotted module paths; '' is the root)."""
    parts = [p.split('.') if p else [] for p in paths]
    if not parts:
        return ''
    common = parts[0]
    for p in parts[1:]:
        n = 0
        while n < min(len(common), len(p)) and common[n] == p[n]:
            n += 1
        common = common[:n]
    return '.'.join(common)


def ddp_comm_hook(inner):
    """The hook registered on a DDP model: records through `hook.recorder` when one is recording."""
    def backstep_comm_hook(state, bucket):
        recorder = backstep_comm_hook.recorder
        if recorder is None or not recorder.recording():
            return inner(state, bucket)
        return recorder.bucket(state, bucket, inner)
    backstep_comm_hook.recorder = None
    backstep_comm_hook.inner = inner
    return backstep_comm_hook


def bucket_slices(result, params):
    """Each parameter's gradient in a bucket's flat result: consecutive slices in the order of `params`."""
    out, at = [], 0
    for p in params:
        n = p.numel()
        out.append(result[at:at + n].view(p.shape))
        at += n
    if at != result.numel():
        raise RuntimeError('backstep_torch: a DDP bucket of %d elements holds parameters of %d' % (result.numel(), at))
    return out


def completed(value):
    fut = torch.futures.Future()
    fut.set_result(value)
    return fut
