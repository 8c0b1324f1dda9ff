#!/usr/bin/python3
"""Tiny ONNX models for the "Debug this model" generator's tests (test/engine/onnx/generate.test.ts).

    /usr/bin/python3 tools/onnx/tiny_fixtures.py test/fixtures/onnx/tools

Writes, with torch.onnx.export (opset 14), each model's weights from seed 0:
- mlp.onnx: x (batch, 4) float → logits (batch, 3); `batch` is a symbolic (dynamic) axis.
- tokens.onnx: input_ids (batch, seq) int64 → Embedding(10, 8) → Linear → logits (batch, seq, 10).
- regressor.onnx: features (2, 5) float, fixed shape → Linear → prediction (2, 1).
- masked.onnx: two graph inputs, input_ids (batch, seq) int64 and attention_mask (batch, seq) float
  → Embedding(10, 8) times the mask → Linear → logits (batch, seq, 10).
Only the graphs' inputs and outputs matter to the tests; the files stay a few kB each.
"""
import os
import sys

import torch
from torch import nn


class Tokens(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 8)
        self.head = nn.Linear(8, 10)

    def forward(self, input_ids):
        return self.head(self.embed(input_ids))


class Masked(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 8)
        self.head = nn.Linear(8, 10)

    def forward(self, input_ids, attention_mask):
        return self.head(self.embed(input_ids) * attention_mask.unsqueeze(-1))


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3))
    torch.onnx.export(mlp, (torch.zeros(2, 4),), os.path.join(out, "mlp.onnx"), input_names=["x"], output_names=["logits"],
                      dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}}, opset_version=14)
    torch.onnx.export(Tokens(), (torch.zeros(2, 5, dtype=torch.int64),), os.path.join(out, "tokens.onnx"), input_names=["input_ids"],
                      output_names=["logits"], dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}, opset_version=14)
    torch.onnx.export(nn.Linear(5, 1), (torch.zeros(2, 5),), os.path.join(out, "regressor.onnx"), input_names=["features"],
                      output_names=["prediction"], opset_version=14)
    axes = {0: "batch", 1: "seq"}
    torch.onnx.export(Masked(), (torch.zeros(2, 5, dtype=torch.int64), torch.ones(2, 5)), os.path.join(out, "masked.onnx"),
                      input_names=["input_ids", "attention_mask"], output_names=["logits"],
                      dynamic_axes={"input_ids": axes, "attention_mask": axes, "logits": axes}, opset_version=14)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/onnx/tools")
