"""Record PyTorch training steps for Backstep (a `.bstrace` index and safetensors chunks).

    with backstep_torch.record(model, optimizer, "run.bstrace", steps=range(100, 103)):
        for step, (x, y) in enumerate(data):          # the loop as it was
            ...

See python/README.md for what is recorded and when a step begins and ends.
"""
import contextlib

from .recorder import Recorder

__all__ = ['record', 'Recorder']


@contextlib.contextmanager
def record(model, optimizer, path, steps, full=('*',), max_elements=65536, first_step=0, ranks=None,
           chunk_bytes=64 << 20, bins=16, comm_hook=None):
    """Records the training steps numbered in `steps` (counted by optimizer.step() calls from `first_step`).

    full: module paths (fnmatch patterns, '' is the root) whose tensors keep their values; others keep
          statistics only. max_elements: tensors larger than this keep statistics only.
    ranks: under torch.distributed, the ranks that record (None: all); each writes its own trace.
    comm_hook: for a DistributedDataParallel model, the comm hook DDP is to run (default: its all-reduce
          average); the recorder registers it, wrapped to record each gradient bucket.
    """
    recorder = Recorder(model, optimizer, path, steps, full, max_elements, first_step, ranks, chunk_bytes, bins, comm_hook)
    recorder.start()
    try:
        yield recorder
    finally:
        recorder.stop()
