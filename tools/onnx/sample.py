"""Exports samples/data/onnx-transformer.onnx, the graph of samples/onnx-transformer.nn.yaml.

Run: /usr/bin/python3 tools/onnx/sample.py (torch 1.13, Debian's python3-torch). A small Transformer
encoder that reads 6 token ids (the `reverse` task: symbols 1–6, 0 unused) and gives scores over
the 7 ids at every position: an embedding plus learned positions, 2 nn.TransformerEncoderLayer
(d = 32, 4 heads, batch_first, no dropout) and a linear head. Untrained: Backstep trains it.
Exported for a batch of 8 (the sample's batch_size), opset 17, without constant folding so every
weight keeps its PyTorch name.
"""
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'samples', 'data', 'onnx-transformer.onnx')


class Reverser(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(7, 32)
        self.pos = nn.Parameter(0.1 * torch.randn(1, 6, 32))
        layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(32, 7)
        # The layers start as copies of one, and the exporter stores equal weights once (tied):
        # draw the matrices again and nudge the rest, so every weight is its own.
        with torch.no_grad():
            for p in self.encoder.parameters():
                if p.dim() > 1:
                    nn.init.xavier_uniform_(p)
                else:
                    p.add_(0.01 * torch.randn_like(p))

    def forward(self, tokens):
        return self.head(self.encoder(self.embed(tokens) + self.pos))


def main():
    torch.manual_seed(0)
    model = Reverser().eval()
    tokens = torch.randint(1, 7, (8, 6))
    torch.onnx.export(model, (tokens,), OUT, input_names=['tokens'], output_names=['logits'], opset_version=17, do_constant_folding=False)
    print(OUT, os.path.getsize(OUT), 'bytes')


if __name__ == '__main__':
    main()
