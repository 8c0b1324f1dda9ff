"""TraceStats of a tensor, computed on the tensor's own device; what is read back is a few small
transfers (min and max, partial sums, the histogram's counts), never the tensor.

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


def _dense(x):
    """`x` with its dims reordered so it is contiguous when it is a permutation of a dense block (a
    transpose): the same values, which torch reduces ~50× faster than through the strides."""
    if x.is_contiguous() or x.dim() < 2:
        return x
    y = x.permute(sorted(range(x.dim()), key=lambda d: (-x.stride(d), -x.size(d))))
    return y if y.is_contiguous() else x


def dense_block(t):
    """(device, address, elements, dtype, version) of the memory block `t` fills exactly, in any order (a
    tensor, its transpose); None when `t` is not such a permutation (a slice with gaps, a broadcast)."""
    if t.numel() == 0 or not _dense(t).is_contiguous():
        return None
    return (str(t.device), t.data_ptr(), t.numel(), t.dtype, t._version)


def _floats(tensor):
    x = _dense(tensor.detach())  # no reshape: a view (a transpose) would be copied
    if x.is_complex():
        return x.abs()
    if not x.is_floating_point():
        return x.to(torch.float64)
    return x.float() if x.dtype in (torch.float16, torch.bfloat16) else x


ROW = 4096


def _sums(x):
    """Σx and Σx² in float64, over rows of ROW elements reduced by torch then added in float64: one
    float32 reduction over millions of elements is off by ~1e-3 (a 16.8M-element norm: 8e-4)."""
    flat = x.reshape(-1)
    cut = flat.numel() - flat.numel() % ROW
    rows, tail = flat[:cut].view(-1, ROW), flat[cut:]
    # One transfer of n/ROW partial sums and the tail; added up on the CPU (a GPU may lack float64).
    sums, norms, tail = torch.cat([rows.sum(1), torch.linalg.vector_norm(rows, dim=1), tail]).cpu().double().split(
        [rows.shape[0], rows.shape[0], tail.numel()])
    return [float(sums.sum() + tail.sum()), float(norms.pow(2).sum() + tail.pow(2).sum())]


def _moments(x):
    """mean, std, norm. var = Σx²/n − mean² (two fast reductions, not std_mean's ~20× slower one), whose
    rounding is ~1e-7·(mean² + var): when mean² > 100·var that is no longer small against var, and
    std_mean computes it."""
    n = x.numel()
    total, squares = _sums(x)
    mean = total / n
    var = squares / n - mean * mean
    norm = math.sqrt(squares) if math.isfinite(squares) else squares
    if math.isfinite(var) and mean * mean > 100 * var:
        std, m = torch.std_mean(x, unbiased=False)  # on the device: two numbers cross, not the tensor
        return [float(m), float(std), norm]
    return [mean, math.sqrt(max(var, 0.0)) if math.isfinite(var) else var, norm]


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
