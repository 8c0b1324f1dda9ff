"""Exports the recurrent fixtures of test/engine/onnx/ops/recurrent.test.ts (run with /usr/bin/python3, torch 1.13;
an optional argument names another output folder).

For each model: test/fixtures/onnx/<name>.onnx (torch.onnx.export) and <name>.json with the fixed inputs, the
outputs and the gradients of the loss = sum of every graph output, w.r.t. each ONNX initializer. The exporter
concatenates and reorders torch's parameters (LSTM rows i,f,g,o → ONNX i,o,f,c; GRU r,z,n → ONNX z,r,h;
B = [b_ih, b_hh]); the same reorder maps torch's gradients onto the initializers. The mapping is printed and
stored with each value; the test finds each initializer's entry by value (the exporter's names are opaque). Gradients
and outputs are computed in float64 from the float32 weights, so the engine can be compared in float64.
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'test', 'fixtures', 'onnx')
ORDER = {'lstm': [0, 3, 1, 2], 'gru': [1, 0, 2], 'rnn': [0]}  # ONNX block k = torch block ORDER[k]


class Wrap(torch.nn.Module):
    def __init__(self, cell, kind):
        super().__init__()
        self.rnn = cell
        self.kind = kind

    def forward(self, x, h0, *c0):
        if self.kind == 'lstm':
            y, (h, c) = self.rnn(x, (h0, c0[0]))
            return y, h, c
        y, h = self.rnn(x, h0)
        return y, h


def reorder(t, kind):
    blocks = t.chunk(len(ORDER[kind]), dim=0)
    return torch.cat([blocks[k] for k in ORDER[kind]], dim=0)


def onnx_layout(m, kind, layer, grad):
    """One layer's ONNX W, R, B from torch's parameters (or their gradients): gate blocks reordered, directions stacked."""
    suffixes = ['', '_reverse'] if m.rnn.bidirectional else ['']
    get = lambda n, s: getattr(m.rnn, f'{n}_l{layer}{s}').grad if grad else getattr(m.rnn, f'{n}_l{layer}{s}').detach()
    both = lambda s: torch.cat([reorder(get('bias_ih', s), kind), reorder(get('bias_hh', s), kind)])
    return {
        'W': torch.stack([reorder(get('weight_ih', s), kind) for s in suffixes]),
        'R': torch.stack([reorder(get('weight_hh', s), kind) for s in suffixes]),
        'B': torch.stack([both(s) for s in suffixes]),
    }


def torch_names(m, layer):
    suffixes = ['', '_reverse'] if m.rnn.bidirectional else ['']
    each = lambda f: ' | '.join(f(s) for s in suffixes)
    return {
        'W': each(lambda s: f'weight_ih_l{layer}{s}'),
        'R': each(lambda s: f'weight_hh_l{layer}{s}'),
        'B': each(lambda s: f'bias_ih_l{layer}{s} + bias_hh_l{layer}{s}'),
    }


def export(name, kind, cell, opset, inputs):
    m = Wrap(cell, kind).eval()
    names = ['x', 'h0'] + (['c0'] if kind == 'lstm' else [])
    outs = ['y', 'h_n'] + (['c_n'] if kind == 'lstm' else [])
    path = os.path.join(OUT, f'{name}.onnx')
    torch.onnx.export(m, inputs, path, opset_version=opset, input_names=names, output_names=outs)
    # float64 reference from the same (float32) weights.
    m64 = Wrap(cell, kind).double()  # converts cell in place, after the float32 export
    xs = [t.double() for t in inputs]
    ys = m64(*xs)
    loss = sum(y.sum() for y in ys)
    loss.backward()
    grads = {}
    mapping = {}
    for layer in range(cell.num_layers):
        values, gs, origin = onnx_layout(m64, kind, layer, False), onnx_layout(m64, kind, layer, True), torch_names(m64, layer)
        for key in 'WRB':
            v, g = values[key], gs[key]
            grads[f'{key}{layer}'] = {'torch': origin[key], 'shape': list(v.shape), 'value': v.flatten().tolist(), 'grad': g.flatten().tolist()}
            mapping[f'{key}{layer}'] = origin[key]
    data = {
        'script': 'tools/onnx/recurrent_fixtures.py',
        'kind': kind,
        'layers': cell.num_layers,
        'batchFirst': cell.batch_first,
        'loss': 'sum of every element of every graph output (' + ', '.join(outs) + ')',
        'inputs': {n: {'shape': list(t.shape), 'value': t.double().flatten().tolist()} for n, t in zip(names, inputs)},
        'outputs': {n: {'shape': list(y.shape), 'value': y.detach().flatten().tolist()} for n, y in zip(outs, ys)},
        'params': grads,
    }
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        json.dump(data, f, indent=None)
    print(name, 'opset', opset, 'initializers of layer k (matched by value in the test):', mapping)


def main():
    torch.manual_seed(16)
    os.makedirs(OUT, exist_ok=True)
    T, B, I, H = 4, 2, 3, 5
    lstm = torch.nn.LSTM(I, H, num_layers=2)
    export('lstm2', 'lstm', lstm, 13, (torch.randn(T, B, I), torch.randn(2, B, H), torch.randn(2, B, H)))
    gru = torch.nn.GRU(I, H, batch_first=True)
    export('gru_batch_first', 'gru', gru, 14, (torch.randn(B, T, I), torch.randn(1, B, H)))
    rnn = torch.nn.RNN(I, H, nonlinearity='tanh')
    export('rnn_tanh', 'rnn', rnn, 17, (torch.randn(T, B, I), torch.randn(1, B, H)))
    relu = torch.nn.RNN(I, H, nonlinearity='relu', num_layers=2, batch_first=True)
    export('rnn_relu2_batch_first', 'rnn', relu, 15, (torch.randn(B, T, I), torch.randn(2, B, H)))
    bi = torch.nn.LSTM(I, H, num_layers=2, bidirectional=True)
    export('lstm2_bidirectional', 'lstm', bi, 16, (torch.randn(T, B, I), torch.randn(4, B, H), torch.randn(4, B, H)))


if __name__ == '__main__':
    sys.exit(main())
