"""TraceStats of a tensor: computed in float64 on the tensor's own device, read back in one transfer.

min/max/mean/std/norm are over the finite values (std is the population std, √(Σ(x−mean)²/n));
nan and inf count the others; the histogram has `bins` equal-width bins between min and max
(all values in the first bin when min = max). With no finite value the five numbers are null.
"""
import torch


def tensor_stats(tensor, bins):
    x = tensor.detach().reshape(-1)
    if x.is_complex():
        x = x.abs()
    x = x.to(torch.float64)
    finite_mask = torch.isfinite(x)
    nan = int(torch.isnan(x).sum())
    inf = x.numel() - nan - int(finite_mask.sum())
    finite = x[finite_mask]
    if finite.numel() == 0:
        return {'min': None, 'max': None, 'mean': None, 'std': None, 'norm': None, 'nan': nan, 'inf': inf}
    lo, hi, mean, std, norm = torch.stack([
        finite.min(), finite.max(), finite.mean(), finite.std(unbiased=False), finite.norm(),
    ]).tolist()
    if lo == hi:
        counts = [finite.numel()] + [0] * (bins - 1)
    else:
        counts = [int(c) for c in torch.histc(finite, bins=bins, min=lo, max=hi).tolist()]
    return {'min': lo, 'max': hi, 'mean': mean, 'std': std, 'norm': norm, 'nan': nan, 'inf': inf,
            'histogram': {'counts': counts}}
