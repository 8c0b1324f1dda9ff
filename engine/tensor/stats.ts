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
 * Stats known without reading the values: a recording's tensors come with the statistics the
 * recorder computed (engine/trace/recordedTensor.ts), and the functions below answer from them, so
 * stepping through a recording reads no values until someone asks for them. `values` is false for
 * a statistics-only tensor (its values cannot be read at all).
 */
export const KNOWN_STATS = Symbol('knownStats');

export interface KnownStats {
  readonly stats: TensorStats;
  readonly values: boolean;
}

/** A tensor that may carry known stats (a property, not a WeakMap: recordings make many tensors, and weak maps cost the collector). */
type MayKnow = Tensor & { readonly [KNOWN_STATS]?: KnownStats | null };

function known(t: Tensor): KnownStats | null | undefined {
  return (t as MayKnow)[KNOWN_STATS];
}

/** Whether the tensor's values can be read (false for a statistics-only tensor). */
export function hasValues(t: Tensor): boolean {
  return known(t)?.values ?? true;
}

export function statsOf(t: Tensor): TensorStats {
  const k = known(t)?.stats;
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
  const k = known(t)?.stats;
  if (k) return k.norm;
  let s = 0;
  const d = t.data;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return Math.sqrt(s);
}

/** Σ x² over the tensor (the known norm squared for a statistics-only one). */
export function sumSquaresOf(t: Tensor): number {
  const k = known(t)?.stats;
  if (k) return k.norm * k.norm;
  let s = 0;
  const d = t.data;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return s;
}

export function countNonFinite(t: Tensor): number {
  const k = known(t)?.stats;
  if (k) return k.nanCount + k.infCount;
  let n = 0;
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) n++;
  return n;
}
