"""Two processes on gloo (127.0.0.1) train a DistributedDataParallel MLP and record it, for
test/python/distributed.test.ts and test/engine/trace/replayDistributed.test.ts.

    /usr/bin/python3 test/python/record_ddp.py OUTDIR

The launcher starts this script twice (`--rank 0`, `--rank 1`), waits at most TIMEOUT seconds for each
and kills both if one is late; each rank's collectives time out after TIMEOUT too. Each rank writes

  ddp.rank<r>.bstrace          steps 1 and 2 recorded (step 0 runs unrecorded first, so the recorder's
                               comm hook is registered on a model that has trained already)
  chosen.rank0.bstrace         step 3 (batch 0 again) recorded with ranks=[0]: rank 1 writes nothing
  ddp.rank<r>.expected.json    per recorded step, what torch printed: each parameter's .grad after
                               backward() (DDP's average), the probe's all_reduce result, the broadcast loss,
                               the all_gather'd losses; the parameters after training (`final`) and those
                               of the same model trained on the same batches unrecorded (`unrecorded`)

The model: fc1 → probe → act → fc2; `probe` all_reduces (a copy of) its input's column sums in its
forward (a collective inside a module), the loss is broadcast from rank 0 in the loss phase (a
copy), and the losses are all_gather'd after backward(). Each rank has its own data, so the local
gradients differ and DDP's average is what both end with. bucket_cap_mb is tiny: a bucket per parameter or two.
"""
import argparse
import copy
import datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 60


def launch(outdir):
    os.makedirs(outdir, exist_ok=True)
    env = dict(os.environ, GLOO_SOCKET_IFNAME='lo')
    procs = [subprocess.Popen([sys.executable, __file__, outdir, '--rank', str(r)], env=env) for r in range(2)]
    status = 0
    try:
        for p in procs:
            status = status or p.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        status = 'a rank took more than %d s' % TIMEOUT
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    if status:
        sys.exit('record_ddp.py: %s' % status)


def run_rank(outdir, rank):
    sys.path.insert(0, os.path.join(HERE, '..', '..', 'python'))
    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel
    import backstep_torch

    dist.init_process_group('gloo', init_method='file://' + os.path.join(outdir, 'rendezvous'), rank=rank, world_size=2,
                            timeout=datetime.timedelta(seconds=TIMEOUT))
    probes = []

    def distributed(model):
        # Buckets [fc2.bias], [fc2.weight, fc1.bias], [fc1.weight]: a first bucket of 1 byte (DDP lets a
        # user tune it, see its __init__), then 40 bytes (a bucket closes once it holds that much).
        dist._DEFAULT_FIRST_BUCKET_BYTES = 1
        ddp = DistributedDataParallel(model, bucket_cap_mb=40 / 2 ** 20)
        return ddp, torch.optim.SGD(ddp.parameters(), lr=0.1, momentum=0.9)

    class Probe(torch.nn.Module):
        def forward(self, x):
            sums = x.detach().sum(0)
            dist.all_reduce(sums)
            probes.append(sums.tolist())
            return x

    torch.manual_seed(0)
    model = torch.nn.Sequential()
    model.add_module('fc1', torch.nn.Linear(3, 4))
    model.add_module('probe', Probe())
    model.add_module('act', torch.nn.Tanh())
    model.add_module('fc2', torch.nn.Linear(4, 2))
    reference = copy.deepcopy(model)
    ddp, optimizer = distributed(model)
    torch.manual_seed(100 + rank)
    batches = [(torch.randn(5, 3), torch.randn(5, 2)) for _ in range(3)]

    def step(ddp, optimizer, x, y, recorder=None):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(ddp(x), y)
        shared = loss.detach().clone()
        dist.broadcast(shared, src=0)
        loss.backward()
        losses = [torch.zeros(1) for _ in range(2)]
        dist.all_gather(losses, loss.detach().reshape(1))
        if recorder is not None:
            with recorder.pause():
                out = {'loss': loss.item(), 'shared': shared.item(), 'losses': [t.item() for t in losses], 'probe': probes[-1],
                       'grads': {n: p.grad.reshape(-1).tolist() for n, p in ddp.module.named_parameters()}}
        optimizer.step()
        return out if recorder is not None else None

    step(ddp, optimizer, *batches[0])
    expected = []
    with backstep_torch.record(ddp, optimizer, os.path.join(outdir, 'ddp.bstrace'), steps=[1, 2], first_step=1) as recorder:
        for x, y in batches[1:]:
            expected.append(step(ddp, optimizer, x, y, recorder))
    with backstep_torch.record(ddp, optimizer, os.path.join(outdir, 'chosen.bstrace'), steps=[3], first_step=3, ranks=[0]):
        step(ddp, optimizer, *batches[0])
    ddp_ref, optimizer_ref = distributed(reference)
    for x, y in batches + batches[:1]:
        step(ddp_ref, optimizer_ref, x, y)
    final = {n: p.reshape(-1).tolist() for n, p in model.named_parameters()}
    unrecorded = {n: p.reshape(-1).tolist() for n, p in reference.named_parameters()}
    with open(os.path.join(outdir, 'ddp.rank%d.expected.json' % rank), 'w') as f:
        json.dump({'steps': expected, 'final': final, 'unrecorded': unrecorded}, f)
    dist.barrier()
    dist.destroy_process_group()
    # Freeing the DDP models after their process group is gone hangs gloo now and then (about one run
    # in three here, with no Python frame left): the rank's work is written, so leave without it.
    sys.stdout.flush()
    os._exit(0)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('outdir')
    parser.add_argument('--rank', type=int)
    o = parser.parse_args()
    if o.rank is None:
        launch(o.outdir)
    else:
        run_rank(o.outdir, o.rank)
