"""A training script that knows nothing of Backstep, recorded by `python -m backstep_torch record`
in test/python/record.test.ts. It prints each step's loss as `loss <step> <value>` (torch's float32 value, repr)."""
import sys

import torch

torch.manual_seed(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
x, y = torch.randn(8, 3), torch.randn(8, 1)
for step in range(5):
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    print('loss', step, repr(loss.item()))
