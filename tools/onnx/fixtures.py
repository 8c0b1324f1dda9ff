"""Exports the ONNX importer's fixtures to test/fixtures/onnx/ (run: /usr/bin/python3 tools/onnx/fixtures.py [out_dir]).

For each model: <name>.onnx (torch.onnx.export, eval mode, fixed shapes) and <name>.json with the
fixed inputs, the graph output, a fixed weighting R and, for the loss L = sum(output * R), its value
and the gradient of every parameter (by its state_dict name, which is the ONNX initializer name).
Values are float32 as torch computes them. torch 1.13 (Debian's python3-torch); nothing from pip.
"""
import json
import os
import sys

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'onnx')


class Mlp(nn.Module):
    """Gemm, LayerNorm as ReduceMean/Sub/Pow/Sqrt/Div (opset 13), Gelu as Erf, Relu, Tanh, Sigmoid."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.norm = nn.LayerNorm(8)
        self.fc2 = nn.Linear(8, 8)
        self.fc3 = nn.Linear(8, 3)

    def forward(self, x):
        h = nn.functional.gelu(self.norm(self.fc1(x)))
        h = torch.tanh(self.fc2(h)) + torch.relu(h)
        return torch.sigmoid(self.fc3(h))


class Encoder(nn.Module):
    """A 2-layer nn.TransformerEncoder (batch_first, d=16, 2 heads) with a causal mask, and a head."""

    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model=16, nhead=2, dim_feedforward=32, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(16, 4)
        # The layers start as copies of one layer, and the exporter would store equal weights once:
        # make every weight its own (LayerNorm's too, so its gradients are not all alike).
        with torch.no_grad():
            for p in self.parameters():
                p.add_(0.1 * torch.randn_like(p))

    def forward(self, x):
        t = x.shape[1]
        mask = torch.triu(torch.full((t, t), float('-inf')), diagonal=1)
        return self.head(self.encoder(x, mask=mask))


class Classifier(nn.Module):
    """Embedding + nn.MultiheadAttention with a padding mask (tokens == 0), mean pooled, LogSoftmax.

    No padding_idx: torch zeroes that row's gradient, which the exported Gather does not say.
    """

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 16)
        self.attn = nn.MultiheadAttention(16, 4, batch_first=True)
        self.out = nn.Linear(16, 3)

    def forward(self, tokens):
        e = self.embed(tokens)
        a, _ = self.attn(e, e, e, key_padding_mask=tokens == 0)
        return torch.log_softmax(self.out(a.mean(dim=1)), dim=-1)


def fixture(out, name, model, inputs, opset, folding):
    torch.manual_seed(1)
    model.eval()
    names = list(inputs)
    args = tuple(inputs[k] for k in names)
    path = os.path.join(out, name + '.onnx')
    torch.onnx.export(model, args, path, input_names=names, output_names=['output'], opset_version=opset, do_constant_folding=folding)
    for p in model.parameters():
        p.grad = None
    y = model(*args)
    r = torch.randn(y.shape, generator=torch.Generator().manual_seed(7))
    loss = (y * r).sum()
    loss.backward()
    doc = {
        'script': 'tools/onnx/fixtures.py',
        'opset': opset,
        'inputs': {k: {'shape': list(v.shape), 'dtype': str(v.dtype).replace('torch.', ''), 'values': v.flatten().tolist()} for k, v in inputs.items()},
        'output': {'name': 'output', 'shape': list(y.shape), 'values': y.detach().flatten().tolist()},
        'weights': r.flatten().tolist(),
        'loss': loss.item(),
        'grads': {k: p.grad.flatten().tolist() for k, p in model.named_parameters() if p.grad is not None},
    }
    with open(os.path.join(out, name + '.json'), 'w') as f:
        json.dump(doc, f)
    print(name, os.path.getsize(path), 'bytes')


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    fixture(out, 'mlp', Mlp(), {'x': torch.randn(5, 4)}, 13, True)
    torch.manual_seed(0)
    # No constant folding: the weights keep their names (folding stores transposed copies as onnx::MatMul_…)
    # and the importer folds the Shape chains itself.
    fixture(out, 'encoder', Encoder(), {'x': torch.randn(2, 5, 16)}, 17, False)
    torch.manual_seed(0)
    tokens = torch.tensor([[3, 5, 7, 2, 0, 0], [11, 4, 19, 8, 9, 1]])
    fixture(out, 'classifier', Classifier(), {'tokens': tokens}, 14, False)


if __name__ == '__main__':
    sys.exit(main())
