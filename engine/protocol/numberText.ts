/**
 * Numbers as Backstep prints them, in the engine (Variables, messages, formulas) and in the webviews
 * (cards, legends, chart ticks) alike: pure, so that both sides import the one formatter.
 */

/** At and above this magnitude a non-integer is written with an exponent (and so is any integer from 1e9). */
export const EXPONENT_FROM = 1e6;
/** Below this magnitude a number is written with an exponent. */
export const EXPONENT_BELOW = 1e-3;
const EXACT_INTEGERS_BELOW = 1e9;

/** `digits` significant digits, `−` for every minus, `1.5e−5`, `2.5e7`, NaN and ±∞ spelled out. */
export function formatNumber(x: number, digits = 4): string {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  return minus(roundedNumber(x, digits));
}

/**
 * A number as the debugger's text shows it (Debug Console, Watch, hovers, Variables): `digits`
 * significant digits in the grammar of an expression — ASCII `-`, `1.5e-5` — so that what is shown
 * can be pasted back. NaN, Infinity and -Infinity are spelled as JavaScript does; they are no
 * expression (no name gives them), and no number could say them better.
 */
export function plainNumber(x: number, digits = 6): string {
  return roundedNumber(x, digits);
}

/** Every digit, for the clipboard: the shortest text that reads back as the same double (`-0` kept). */
export function exactNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

function roundedNumber(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (Number.isInteger(x) && abs < EXACT_INTEGERS_BELOW) return String(x);
  // toPrecision would write 12345.6 as 1.235e+4: round to the digits, then print plainly.
  if (abs >= EXPONENT_BELOW && abs < EXPONENT_FROM) return String(Number(x.toPrecision(digits)));
  return x.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
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

/** Axis tick labels: as many decimals as the spacing between ticks needs, and no more. */
export function formatTick(v: number, spacing: number): string {
  if (!Number.isFinite(spacing) || spacing <= 0) return formatNumber(v, 3);
  if (Math.abs(v) >= EXPONENT_FROM || (v !== 0 && Math.abs(v) < EXPONENT_BELOW / 10)) return formatNumber(v, 3);
  const decimals = Math.max(0, Math.ceil(-Math.log10(spacing) - 1e-9));
  return minus(v.toFixed(decimals));
}

function minus(s: string): string {
  return s.replace(/-/g, '−');
}
