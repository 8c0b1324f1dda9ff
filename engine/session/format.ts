import { PREVIEW_LIMIT, type StatsView, type TensorView } from '../protocol/values';
import { statsOf } from '../tensor/stats';
import type { Tensor } from '../tensor/tensor';

/** A number as the debugger prints it: 4 significant digits, `−` for minus, NaN and ±∞ spelled out. */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x).replace('-', '−');
  const abs = Math.abs(x);
  const s = abs >= 1e-3 && abs < 1e6 ? trimZeros(x.toPrecision(digits)) : x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return s.replace('-', '−');
}

function trimZeros(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

export function statsView(t: Tensor): StatsView {
  const s = statsOf(t);
  return { min: s.min, max: s.max, mean: s.mean, std: s.std, norm: s.norm, nanCount: s.nanCount, infCount: s.infCount };
}

/** `[4,8] float64 min −0.9 max 0.8 mean 0.01 ‖·‖ 2.3`, or the values themselves when there are few. */
export function tensorSummary(t: Tensor): string {
  const shape = `[${t.shape.join(',')}]`;
  if (t.size <= 6) return `${shape} ${t.dtype} ${valuesText(t.data)}`;
  const s = statsOf(t);
  const bad = s.nanCount + s.infCount > 0 ? ` (${nonFiniteText(s.nanCount, s.infCount)})` : '';
  return `${shape} ${t.dtype} min ${formatNumber(s.min)} max ${formatNumber(s.max)} mean ${formatNumber(s.mean)} ‖·‖ ${formatNumber(s.norm)}${bad}`;
}

export function valuesText(d: ArrayLike<number>): string {
  return `[${Array.from(d, (x) => formatNumber(x)).join(', ')}]`;
}

export function nonFiniteText(nan: number, inf: number): string {
  return [nan ? `${nan} NaN` : '', inf ? `${inf} ±∞` : ''].filter(Boolean).join(', ');
}

export function tensorView(t: Tensor, name = t.name): TensorView {
  const n = Math.min(PREVIEW_LIMIT, t.size);
  return { name, shape: [...t.shape], dtype: t.dtype, stats: statsView(t), preview: Array.from(t.data.subarray(0, n)) };
}

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
