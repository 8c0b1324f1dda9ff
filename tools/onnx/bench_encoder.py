"""Exports the benchmark's encoder and times one PyTorch training step of it, for bench/onnx.bench.ts.

Run: /usr/bin/python3 tools/onnx/bench_encoder.py OUT.onnx (torch 1.13, Debian's python3-torch); the
file (about 13 MB) is written where asked, never committed. The model: token ids (8, 64) → embedding
(100 ids, d = 256) + learned positions → nn.TransformerEncoder of 4 layers (8 heads, feed-forward
1024, no dropout, batch_first) → a linear head over the 100 ids; about 3.2 M parameters. Exported
for a batch of 8, opset 17, without constant folding (every weight keeps its PyTorch name). Then, on
one thread, the same model trains on the same batch (the tokens and targets the script prints, which
the Backstep side reads): cross entropy, Adam lr 1e-3; the median of the timed steps is printed as
JSON with the tokens and targets.
"""
import json
import sys
import time

import torch
from torch import nn

B, T, D, HEADS, FF, LAYERS, VOCAB = 8, 64, 256, 8, 1024, 4, 100


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, D)
        self.pos = nn.Parameter(0.1 * torch.randn(1, T, D))
        layer = nn.TransformerEncoderLayer(d_model=D, nhead=HEADS, dim_feedforward=FF, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=LAYERS, enable_nested_tensor=False)
        self.head = nn.Linear(D, VOCAB)
        # The layers start as copies of one and the exporter would store equal weights once: redraw them.
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
    torch.set_num_threads(1)
    model = Encoder()
    tokens = torch.randint(0, VOCAB, (B, T))
    target = torch.randint(0, VOCAB, (B, T))
    torch.onnx.export(model.eval(), (tokens,), sys.argv[1], input_names=['tokens'], output_names=['logits'], opset_version=17, do_constant_folding=False)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    times = []
    for _ in range(6):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(tokens).reshape(-1, VOCAB), target.reshape(-1))
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - t0)
    times = sorted(times[1:])
    print(json.dumps({
        'params': sum(p.numel() for p in model.parameters()),
        'stepMs': 1000 * times[len(times) // 2],
        'tokens': tokens.tolist(),
        'target': target.tolist(),
    }))


if __name__ == '__main__':
    main()
