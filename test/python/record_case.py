"""Records one small training run with backstep_torch and writes what torch computed beside it.

    /usr/bin/python3 test/python/record_case.py CASE OUTDIR

CASE is mlp (SGD with momentum), lstm (Adam), transformer (AdamW) or nan (a log of a negative number
in module `bad`). Writes OUTDIR/CASE.bstrace (+ .chunks/) and OUTDIR/CASE.expected.json:
{steps: [{step, loss, lr, output, params: {name: {before, after, grad}}, gates}], hyper, nanOp} with flat values
as torch printed them (float64 of the float32 numbers), for test/python/record.test.ts; for the lstm,
`gates` are its gate activations computed from its weights (test/engine/trace/replayTorch.test.ts).
The committed fixture test/fixtures/trace/mlp.* is `record_case.py mlp test/fixtures/trace`.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'python'))

import torch  # noqa: E402
import backstep_torch  # noqa: E402

STEPS = range(1, 3)


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(3, 4)
        self.act = torch.nn.Tanh()
        self.fc2 = torch.nn.Linear(4, 2)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Lstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.LSTM(3, 4, batch_first=True)
        self.head = torch.nn.Linear(4, 2)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


class Transformer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        layer = torch.nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, num_layers=1, enable_nested_tensor=False)
        self.head = torch.nn.Linear(8, 2)

    def forward(self, x):
        return self.head(self.encoder(x).mean(1))


class Bad(torch.nn.Module):
    def forward(self, x):
        # Every input is below 10: NaN here, at aten::log; nan_to_num keeps the loss and the weights finite.
        return torch.nan_to_num(torch.log(x - 10.0))


class Nan(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(3, 2)
        self.bad = Bad()

    def forward(self, x):
        return self.bad(self.fc1(x))


def case(name):
    torch.manual_seed(0)
    if name == 'mlp':
        model = Mlp()
        return model, torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), torch.randn(5, 3)
    if name == 'lstm':
        model = Lstm()
        return model, torch.optim.Adam(model.parameters(), lr=0.01), torch.randn(2, 4, 3)
    if name == 'transformer':
        model = Transformer()
        return model, torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.01), torch.randn(2, 3, 8)
    model = Nan()
    return model, torch.optim.SGD(model.parameters(), lr=0.1), torch.randn(5, 3)


def lstm_gates(rnn, x):
    """The gate activations of the first sequence of `x` (batch first), computed here from the weights
    rather than by nn.LSTM: {gate_i, gate_f, gate_g, gate_o: [time step][unit]}."""
    w_ih, w_hh, b = rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0 + rnn.bias_hh_l0
    n = rnn.hidden_size
    h, c = torch.zeros(n), torch.zeros(n)
    out = {'gate_i': [], 'gate_f': [], 'gate_g': [], 'gate_o': []}
    for x_t in x[0]:
        pre = w_ih @ x_t + w_hh @ h + b
        i, f, g, o = (torch.sigmoid(pre[:n]), torch.sigmoid(pre[n:2 * n]), torch.tanh(pre[2 * n:3 * n]), torch.sigmoid(pre[3 * n:]))
        c = f * c + i * g
        h = o * torch.tanh(c)
        for name, v in zip(out, (i, f, g, o)):
            out[name].append(flat(v))
    return out


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def main(name, outdir):
    os.makedirs(outdir, exist_ok=True)
    model, optimizer, x = case(name)
    target = torch.randn(x.shape[0], 2)
    expected = []
    path = os.path.join(outdir, name + '.bstrace')
    with backstep_torch.record(model, optimizer, path, steps=STEPS) as recorder:
        for step in range(STEPS.stop + 1):
            optimizer.zero_grad()
            output = model(x)
            loss = torch.nn.functional.mse_loss(output, target)
            loss.backward()
            with recorder.pause():
                printed = flat(output)
                before = {n: flat(p) for n, p in model.named_parameters()}
                grads = {n: flat(p.grad) for n, p in model.named_parameters() if p.grad is not None}
                gates = lstm_gates(model.rnn, x) if name == 'lstm' else None
            lr = optimizer.param_groups[0]['lr']
            optimizer.step()
            if step in STEPS:
                params = {n: {'before': before[n], 'after': flat(p), 'grad': grads[n]} for n, p in model.named_parameters() if n in grads}
                expected.append({'step': step, 'loss': float(loss.item()), 'lr': lr, 'output': printed, 'params': params, 'gates': gates})
    hyper = {k: v for k, v in optimizer.param_groups[0].items() if isinstance(v, (int, float, tuple)) and not isinstance(v, bool)}
    out = {'case': name, 'optimizer': type(optimizer).__name__, 'hyper': hyper, 'steps': expected,
           'nanOp': {'op': 'aten::log', 'module': 'bad'} if name == 'nan' else None}
    with open(os.path.join(outdir, name + '.expected.json'), 'w') as f:
        json.dump(out, f, indent=1)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
