#!/usr/bin/python3
"""PyTorch twins of Backstep models: proof that exported weights mean the same function in PyTorch.

    python3 tools/torch/twins.py <cases folder> <reference folder>

Twins: mlp (mlp-xor), lstm (lstm-memory), gru (a `form: torch` GRU), rnn (rnn-vanishing), attention (multi-head-attention:
embedding + nn.MultiheadAttention), transformer (nn.TransformerEncoderLayer). For each `<twin>.case.safetensors` (written by `npx tsx tools/torch/case.ts <cases folder>`: Backstep's
initial weights under PyTorch names, the batch of step 1, Backstep's prediction, loss and gradients):

1. Backstep → PyTorch: builds the twin module, loads the weights with `load_state_dict(strict=True)`,
   runs the batch and checks that PyTorch's prediction, loss and every parameter's gradient equal
   Backstep's (float64, rtol 1e-9, plus 1e-15 absolute for gradients that are exactly 0). Writes PyTorch's numbers to `<twin>.expected.safetensors`.
2. PyTorch → Backstep: a fresh twin with PyTorch's own initialisation (seed 0) saves its state_dict
   as `<twin>.torch-init.safetensors`, and its prediction, loss and gradients on the same batch as
   `<twin>.torch-expected.safetensors`; test/tools/torch/twins.test.ts starts Backstep from that
   state_dict (`init: { from }`) and checks that it computes the same.

Only torch and the standard library: safetensors is read and written here by hand (F64/F32).
Exit status 1 when any value differs.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn

torch.set_default_dtype(torch.float64)
RTOL = 1e-9
# Added to the bound: gradients that are 0 in exact arithmetic come out as ±1e-17 rounding noise on both
# sides (attention's key bias: a constant added to every score of a row leaves its softmax unchanged).
ATOL = 1e-15


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack_from("<Q", raw, 0)
    header = json.loads(raw[8 : 8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        fmt = {"F64": "d", "F32": "f"}[e["dtype"]]
        count = (end - begin) // struct.calcsize(fmt)
        values = struct.unpack_from("<%d%s" % (count, fmt), raw, 8 + n + begin)
        out[name] = torch.tensor(values, dtype=torch.float64).reshape(e["shape"])
    return out


def write_safetensors(path, tensors):
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        values = t.detach().to(torch.float64).reshape(-1).tolist()
        data = struct.pack("<%dd" % len(values), *values)
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


# The twins: each reads the case's batch and returns (prediction, loss). Sizes come from the weights.


class Mlp(nn.Module):
    """mlp-xor: hidden (linear), tanh, out (linear), sigmoid; binary cross-entropy."""

    def __init__(self, w):
        super().__init__()
        self.hidden = nn.Linear(*reversed(w["hidden.weight"].shape))
        self.out = nn.Linear(*reversed(w["out.weight"].shape))

    def forward(self, data):
        p = torch.sigmoid(self.out(torch.tanh(self.hidden(data["data.x"]))))
        return p, F.binary_cross_entropy(p, data["data.y"])


class Recurrent(nn.Module):
    """lstm-memory, gru-torch, rnn-vanishing: a recurrent layer (batch-first, last state), readout, sigmoid; BCE."""

    def __init__(self, w, cell, name="memory"):
        super().__init__()
        self.name = name
        hidden, inputs = w[f"{name}.weight_hh_l0"].shape[1], w[f"{name}.weight_ih_l0"].shape[1]
        self.add_module(name, cell(inputs, hidden, batch_first=True))
        self.readout = nn.Linear(*reversed(w["readout.weight"].shape))

    def forward(self, data):
        out, _ = getattr(self, self.name)(data["data.x"])
        p = torch.sigmoid(self.readout(out[:, -1]))
        return p, F.binary_cross_entropy(p, data["data.y"])


class Embed(nn.Module):
    """Backstep's embedding with `positions: true`: token rows plus one learned row per position."""

    def __init__(self, vocab, dim, length):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(vocab, dim))
        self.positions = nn.Embedding(length, dim)

    def forward(self, ids):
        return F.embedding(ids, self.weight) + self.positions.weight


class Attention(nn.Module):
    """multi-head-attention: embed (+ positions), heads (nn.MultiheadAttention), out; cross-entropy."""

    def __init__(self, w):
        super().__init__()
        vocab, dim = w["embed.weight"].shape
        self.embed = Embed(vocab, dim, w["embed.positions.weight"].shape[0])
        self.heads = nn.MultiheadAttention(dim, 2, batch_first=True)
        self.out = nn.Linear(*reversed(w["out.weight"].shape))

    def forward(self, data):
        x = self.embed(data["data.source"].long())
        a, _ = self.heads(x, x, x, need_weights=False)
        z = self.out(a)
        # The task's target field is one class id per position, flattened (B·T): `data.target_rows`.
        return z, F.cross_entropy(z.reshape(-1, z.shape[-1]), data["data.target_rows"].long())


class Transformer(nn.Module):
    """transformer: embed (+ positions), block (nn.TransformerEncoderLayer, post-norm, ReLU), out; cross-entropy."""

    def __init__(self, w):
        super().__init__()
        vocab, dim = w["embed.weight"].shape
        self.embed = Embed(vocab, dim, w["embed.positions.weight"].shape[0])
        ff = w["block.linear1.weight"].shape[0]
        self.block = nn.TransformerEncoderLayer(dim, 2, ff, dropout=0.0, batch_first=True, norm_first=False, layer_norm_eps=1e-5)
        self.out = nn.Linear(*reversed(w["out.weight"].shape))

    def forward(self, data):
        z = self.out(self.block(self.embed(data["data.source"].long())))
        return z, F.cross_entropy(z.reshape(-1, z.shape[-1]), data["data.target_rows"].long())


TWINS = {
    "mlp": Mlp,
    "lstm": lambda w: Recurrent(w, nn.LSTM),
    "gru": lambda w: Recurrent(w, nn.GRU),
    "rnn": lambda w: Recurrent(w, nn.RNN, "rnn"),
    "attention": Attention,
    "transformer": Transformer,
}


def run(model, data):
    model.zero_grad()
    out, loss = model(data)
    loss.backward()
    grads = {f"grad/{k}": p.grad.clone() for k, p in model.named_parameters()}
    return {"output": out.detach(), "loss": loss.detach(), **grads}


def compare(name, ours, theirs):
    """The names of values where |a − b| > RTOL·max(|a|, |b|) + ATOL for some element."""
    bad = []
    for key, t in ours.items():
        b = theirs[key].reshape(t.shape)
        bound = RTOL * torch.maximum(t.abs(), b.abs()) + ATOL
        worst = ((t - b).abs() / bound).max().item() if t.numel() else 0.0
        print(f"  {name} {key:42s} {tuple(t.shape)!s:14s} |diff| / bound {worst:.1e}")
        if not math.isfinite(worst) or worst > 1:
            bad.append(key)
    return bad


def main(cases, reference):
    failed = []
    os.makedirs(reference, exist_ok=True)
    for file in sorted(os.listdir(cases)):
        if not file.endswith(".case.safetensors"):
            continue
        twin = file[: -len(".case.safetensors")]
        case = read_safetensors(os.path.join(cases, file))
        weights = {k: v for k, v in case.items() if not k.startswith(("data.", "backstep/", "grad/"))}
        data = {k: v for k, v in case.items() if k.startswith("data.")}
        print(f"{twin}: {len(weights)} tensors")

        model = TWINS[twin](weights)
        model.load_state_dict(weights, strict=True)
        torch_run = run(model, data)
        backstep = {"output": case["backstep/output"], "loss": case["backstep/loss"], **{k: v for k, v in case.items() if k.startswith("grad/")}}
        failed += [f"{twin}: {k}" for k in compare("backstep→torch", torch_run, backstep)]
        write_safetensors(os.path.join(reference, f"{twin}.expected.safetensors"), torch_run)

        torch.manual_seed(0)
        fresh = TWINS[twin](weights)
        write_safetensors(os.path.join(reference, f"{twin}.torch-init.safetensors"), fresh.state_dict())
        write_safetensors(os.path.join(reference, f"{twin}.torch-expected.safetensors"), run(fresh, data))
    if failed:
        print("differ:\n  " + "\n  ".join(failed))
        return 1
    print(f"every twin matches: rtol {RTOL}, atol {ATOL}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
