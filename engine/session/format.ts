import { PREVIEW_LIMIT, type Precision, type StatsView, type TensorView } from '../protocol/values';
import { hasValues, statsOf } from '../tensor/stats';
import type { Tensor } from '../tensor/tensor';
import { exactNumber, formatNumber, plainNumber } from '../protocol/numberText';

export { formatNumber };

/** A number in the debugger's text (Debug Console, Watch, hovers, Variables): it pastes back into an expression. */
export function numberText(x: number, precision: Precision = 'shown'): string {
  return precision === 'exact' ? exactNumber(x) : plainNumber(x);
}

/** A tensor's one line in the debugger: one value (a 0-d tensor, `W[0, 0]`) reads as a number, more as a summary. */
export function tensorText(t: Tensor, precision: Precision = 'shown'): string {
  return t.size === 1 ? numberText(t.data[0], precision) : tensorSummary(t);
}

export function statsView(t: Tensor): StatsView {
  const s = statsOf(t);
  return { min: s.min, max: s.max, mean: s.mean, std: s.std, norm: s.norm, nanCount: s.nanCount, infCount: s.infCount };
}

/** `[4,8] float64 min −0.9 max 0.8 mean 0.01 ‖·‖ 2.3`, or the values themselves when there are few. */
export function tensorSummary(t: Tensor): string {
  const shape = `[${t.shape.join(',')}]`;
  const values = hasValues(t);
  if (t.size <= 6 && values) return `${shape} ${t.dtype} ${valuesText(t.data)}`;
  const s = statsOf(t);
  const bad = s.nanCount + s.infCount > 0 ? ` (${nonFiniteText(s.nanCount, s.infCount)})` : '';
  return `${shape} ${t.dtype} min ${formatNumber(s.min)} max ${formatNumber(s.max)} mean ${formatNumber(s.mean)} ‖·‖ ${formatNumber(s.norm)}${bad}${values ? '' : ' (statistics only)'}`;
}

export function valuesText(d: ArrayLike<number>): string {
  return `[${Array.from(d, (x) => formatNumber(x)).join(', ')}]`;
}

export function nonFiniteText(nan: number, inf: number): string {
  return [nan ? `${nan} NaN` : '', inf ? `${inf} ±∞` : ''].filter(Boolean).join(', ');
}

export function tensorView(t: Tensor, name = t.name): TensorView {
  // A recording's statistics-only tensor has stats and no values to preview.
  const n = hasValues(t) ? Math.min(PREVIEW_LIMIT, t.size) : 0;
  return { name, shape: [...t.shape], dtype: t.dtype, stats: statsView(t), preview: n ? Array.from(t.data.subarray(0, n)) : [] };
}

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
