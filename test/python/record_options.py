"""Records with the recorder's options and writes what torch computed beside, for test/python/record.test.ts.

    /usr/bin/python3 test/python/record_options.py OUTDIR

  options.bstrace   full=['fc1'], max_elements=6: values for fc1's small tensors only
  bf16.bstrace      a forward under CPU autocast to bfloat16 (bf16.expected.json: the output torch printed)
  large.bstrace     a Linear(1024, 1024) (1M-element weight), every value kept: its statistics against its values
  nesterov.bstrace  SGD with Nesterov momentum: its flags (nesterov true, maximize false) in the index
  dist.bstrace      torch.distributed (gloo, one process): the gradients all_reduce'd by hand;
                    ranks=[1] records nothing on rank 0 (dist.expected.json says whether a file appeared)
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'python'))

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import backstep_torch  # noqa: E402


def mlp():
    torch.manual_seed(0)
    model = torch.nn.Sequential()
    model.add_module('fc1', torch.nn.Linear(3, 2))
    model.add_module('fc2', torch.nn.Linear(2, 4))
    return model, torch.optim.SGD(model.parameters(), lr=0.1), torch.randn(5, 3)


def train(model, optimizer, x, steps, recorder=None, autocast=False, all_reduce=False):
    outputs = []
    for _ in range(steps):
        optimizer.zero_grad()
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=autocast):
            output = model(x)
        loss = output.float().pow(2).mean()
        loss.backward()
        if all_reduce:
            for p in model.parameters():
                dist.all_reduce(p.grad)
        if recorder is not None:
            with recorder.pause():
                outputs.append([float(v) for v in output.detach().float().reshape(-1).tolist()])
        optimizer.step()
    return outputs


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    model, optimizer, x = mlp()
    with backstep_torch.record(model, optimizer, os.path.join(outdir, 'options.bstrace'), steps=[0], full=['fc1'], max_elements=6):
        train(model, optimizer, x, 1)

    model, optimizer, x = mlp()
    with backstep_torch.record(model, optimizer, os.path.join(outdir, 'bf16.bstrace'), steps=[0]) as recorder:
        outputs = train(model, optimizer, x, 1, recorder, autocast=True)
    with open(os.path.join(outdir, 'bf16.expected.json'), 'w') as f:
        json.dump({'output': outputs[0]}, f)

    torch.manual_seed(0)
    model = torch.nn.Linear(1024, 1024)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(8, 1024) + 0.5  # a mean well away from 0, as in activations after a ReLU
    with backstep_torch.record(model, optimizer, os.path.join(outdir, 'large.bstrace'), steps=[0], max_elements=2 ** 22):
        train(model, optimizer, x, 1)

    model, _, x = mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    with backstep_torch.record(model, optimizer, os.path.join(outdir, 'nesterov.bstrace'), steps=[0]):
        train(model, optimizer, x, 1)

    dist.init_process_group('gloo', init_method='file://' + os.path.join(outdir, 'rendezvous'), rank=0, world_size=1)
    model, optimizer, x = mlp()
    with backstep_torch.record(model, optimizer, os.path.join(outdir, 'dist.bstrace'), steps=[0], ranks=[0]):
        train(model, optimizer, x, 1, all_reduce=True)
    skipped = os.path.join(outdir, 'skipped.bstrace')
    with backstep_torch.record(model, optimizer, skipped, steps=[0], ranks=[1]):
        train(model, optimizer, x, 1, all_reduce=True)
    dist.destroy_process_group()
    with open(os.path.join(outdir, 'dist.expected.json'), 'w') as f:
        json.dump({'rank1Written': os.path.exists(skipped)}, f)


if __name__ == '__main__':
    main(sys.argv[1])
