/** Numbers as a learner reads them: a few significant digits, exponents only when they help. */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '−Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e-3 && a < 1e5 ? trimZeros(v.toPrecision(digits)) : v.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return text.replace('-', '−');
}

function trimZeros(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

export const formatShape = (shape: readonly number[]): string => `[${shape.join(' × ')}]`;

export const formatPercent = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;
