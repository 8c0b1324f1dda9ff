"""Records one training step of each PyTorch twin of a Backstep sample (tools/torch/twins.py), started
from Backstep's own initial weights, for the cross-check in test/python/record.test.ts.

    /usr/bin/python3 test/python/record_twin.py CASES OUTDIR

CASES holds `<twin>.case.safetensors` (tools/torch/case.ts: Backstep's weights under PyTorch names,
the batch, Backstep's gradients); writes OUTDIR/<twin>.bstrace, float64 like the twins.
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..')
sys.path.insert(0, os.path.join(ROOT, 'python'))

import torch  # noqa: E402
import backstep_torch  # noqa: E402

spec = importlib.util.spec_from_file_location('twins', os.path.join(ROOT, 'tools', 'torch', 'twins.py'))
twins = importlib.util.module_from_spec(spec)
spec.loader.exec_module(twins)


def main(cases, outdir):
    os.makedirs(outdir, exist_ok=True)
    for file in sorted(os.listdir(cases)):
        if not file.endswith('.case.safetensors'):
            continue
        twin = file[:-len('.case.safetensors')]
        case = twins.read_safetensors(os.path.join(cases, file))
        weights = {k: v for k, v in case.items() if not k.startswith(('data.', 'backstep/', 'grad/'))}
        data = {k: v for k, v in case.items() if k.startswith('data.')}
        model = twins.TWINS[twin](weights)
        model.load_state_dict(weights, strict=True)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        with backstep_torch.record(model, optimizer, os.path.join(outdir, twin + '.bstrace'), steps=[0]):
            optimizer.zero_grad()
            _, loss = model(data)
            loss.backward()
            optimizer.step()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
