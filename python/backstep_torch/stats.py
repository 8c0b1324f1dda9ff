"""TraceStats of a tensor, computed on the tensor's own device and read back in one transfer.

min/max/mean/std/norm are over the finite values (std is the population std, √(Σ(x−mean)²/n));
nan and inf count the others; the histogram has `bins` equal-width bins between min and max
(all values in the first bin when min = max). With no finite value the five numbers are null.
Float32/float64 tensors are summarised in their own dtype (f16/bf16 in float32, integers in float64):
when min and max are finite there is no NaN or Inf, and no mask or copy is made (the common case).
Finite values whose mean, std or norm overflow float32 (uninitialised memory, values near 3e38) are
summarised again in float64; what overflows even there is null.
"""
import math

import torch


def _floats(tensor):
    x = tensor.detach()  # no reshape: a view (a transpose) would be copied
    if x.is_complex():
        return x.abs()
    if not x.is_floating_point():
        return x.to(torch.float64)
    return x.float() if x.dtype in (torch.float16, torch.bfloat16) else x


def _moments(x):
    std, mean = torch.std_mean(x, unbiased=False)
    return torch.stack([mean, std, torch.linalg.vector_norm(x)]).double().tolist()


def tensor_stats(tensor, bins):
    x = _floats(tensor)
    empty = {'min': None, 'max': None, 'mean': None, 'std': None, 'norm': None, 'nan': 0, 'inf': 0}
    if x.numel() == 0:
        return empty
    lo, hi = torch.stack(torch.aminmax(x)).tolist()
    nan = inf = 0
    if not (math.isfinite(lo) and math.isfinite(hi)):
        nans = torch.isnan(x)
        nan = int(nans.sum())
        finite = torch.isfinite(x)
        inf = x.numel() - nan - int(finite.sum())
        x = x[finite]
        if x.numel() == 0:
            return dict(empty, nan=nan, inf=inf)
        lo, hi = torch.stack(torch.aminmax(x)).tolist()
    mean, std, norm = _moments(x)
    if not all(math.isfinite(v) for v in (mean, std, norm)):  # finite values whose sums overflow float32
        mean, std, norm = (v if math.isfinite(v) else None for v in _moments(x.double()))
    if lo == hi:
        counts = [x.numel()] + [0] * (bins - 1)
    else:
        counts = [int(c) for c in torch.histc(x, bins=bins, min=lo, max=hi).tolist()]
    return {'min': lo, 'max': hi, 'mean': mean, 'std': std, 'norm': norm, 'nan': nan, 'inf': inf,
            'histogram': {'counts': counts}}
