import type { Tensor } from './tensor';

/** What the debugger shows next to every tensor. NaN and ±Inf are counted, not folded into the rest. */
export interface TensorStats {
  min: number;
  max: number;
  mean: number;
  std: number;
  /** L2 norm, sqrt(Σ x²), over the finite elements. */
  norm: number;
  nanCount: number;
  infCount: number;
  size: number;
}

/**
 * Stats of tensors whose values are not in memory (a recording's statistics-only tensors,
 * engine/trace/recordedTensor.ts): the functions below answer from them instead of reading `data`.
 */
const known = new WeakMap<Tensor, TensorStats>();

export function setKnownStats(t: Tensor, stats: TensorStats | null): void {
  if (stats) known.set(t, stats);
  else known.delete(t);
}

/** Whether the tensor's values can be read (false for a statistics-only tensor). */
export function hasValues(t: Tensor): boolean {
  return !known.has(t);
}

export function statsOf(t: Tensor): TensorStats {
  const k = known.get(t);
  if (k) return { ...k };
  const d = t.data;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    if (x !== x) {
      nan++;
    } else if (x === Infinity || x === -Infinity) {
      inf++;
    } else {
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
      sumSq += x * x;
    }
  }
  const n = d.length - nan - inf;
  const mean = n > 0 ? sum / n : NaN;
  const variance = n > 0 ? Math.max(0, sumSq / n - mean * mean) : NaN;
  return {
    min: n > 0 ? min : NaN,
    max: n > 0 ? max : NaN,
    mean,
    std: Math.sqrt(variance),
    norm: Math.sqrt(sumSq),
    nanCount: nan,
    infCount: inf,
    size: d.length,
  };
}

export function l2norm(t: Tensor): number {
  const k = known.get(t);
  if (k) return k.norm;
  let s = 0;
  const d = t.data;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return Math.sqrt(s);
}

/** Σ x² over the tensor (the known norm squared for a statistics-only one). */
export function sumSquaresOf(t: Tensor): number {
  const k = known.get(t);
  if (k) return k.norm * k.norm;
  let s = 0;
  const d = t.data;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return s;
}

export function countNonFinite(t: Tensor): number {
  const k = known.get(t);
  if (k) return k.nanCount + k.infCount;
  let n = 0;
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) n++;
  return n;
}
