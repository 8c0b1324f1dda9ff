/** Numbers as a learner reads them: a few significant digits, exponents only when they help. */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '−Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  // toPrecision would write 1000 as 1.00e+3: round to the digits, then print plainly.
  const text = a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(digits))) : v.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return text.replace('-', '−');
}

/** Axis tick labels: as many decimals as the spacing between ticks needs, and no more. */
export function formatTick(v: number, spacing: number): string {
  if (!Number.isFinite(spacing) || spacing <= 0) return formatNumber(v, 3);
  if (Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-4)) return formatNumber(v, 3);
  const decimals = Math.max(0, Math.ceil(-Math.log10(spacing) - 1e-9));
  return v.toFixed(decimals).replace('-', '−');
}

export const formatShape = (shape: readonly number[]): string => `[${shape.join(' × ')}]`;

export const formatPercent = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;
