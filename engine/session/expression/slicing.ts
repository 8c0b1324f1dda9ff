import { sizeOf, stridesOf } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

/** One axis of an index: a single position (the axis goes away) or a range [from, to). */
export type AxisIndex = { readonly at: number } | { readonly from: number; readonly to: number };

/**
 * `t[i, a:b, …]` as a copy: positions may be negative (from the end); ranges are clipped like
 * Python's; axes not given are taken whole. Throws a plain message on an out-of-range position.
 */
export function sliceTensor(t: Tensor, parts: readonly AxisIndex[], name: string): Tensor {
  if (parts.length > t.rank) throw new Error(`${parts.length} indices for a tensor of rank ${t.rank} (shape [${t.shape.join(',')}])`);
  const axes = t.shape.map((n, k) => resolve(parts[k] ?? { from: 0, to: n }, n, k));
  const outShape = axes.flatMap((a, k) => (parts[k] && 'at' in parts[k] ? [] : [a.to - a.from]));
  const out = Tensor.zeros(outShape, t.dtype, name);
  const strides = stridesOf(t.shape);
  const counts = axes.map((a) => a.to - a.from);
  const total = sizeOf(counts);
  const idx = new Array<number>(t.rank).fill(0);
  for (let n = 0; n < total; n++) {
    let off = 0;
    for (let k = 0; k < t.rank; k++) off += (axes[k].from + idx[k]) * strides[k];
    out.data[n] = t.data[off];
    for (let k = t.rank - 1; k >= 0; k--) {
      if (++idx[k] < counts[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

function resolve(p: AxisIndex, n: number, axis: number): { from: number; to: number } {
  if ('at' in p) {
    const i = p.at < 0 ? p.at + n : p.at;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`index ${p.at} is out of range for axis ${axis} of size ${n}`);
    return { from: i, to: i + 1 };
  }
  const clip = (v: number): number => Math.min(n, Math.max(0, v < 0 ? v + n : v));
  const from = clip(p.from);
  return { from, to: Math.max(from, clip(p.to)) };
}
