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

/** `formatNumber` as LaTeX: `1.5 \times 10^{-5}`, `\infty`, `\text{NaN}`. */
export function texNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const [mantissa, exponent] = formatNumber(x, digits).replace(/−/g, '-').split('e');
  if (exponent === undefined) return mantissa;
  const power = `10^{${Number(exponent)}}`;
  return mantissa === '1' ? power : mantissa === '-1' ? `-${power}` : `${mantissa} \\times ${power}`;
}

/** A number as a factor or base inside a formula: in parentheses when negative or a power, `(-0.25)^2`. */
export function texOperand(x: number, digits = 4): string {
  const t = texNumber(x, digits);
  return t.startsWith('-') || t.includes('^') ? `(${t})` : t;
}
