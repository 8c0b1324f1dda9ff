import { texNumber as n, texOperand as o } from '../protocol/numberText';
import type { WorkedElement } from './optimizer';

/**
 * Pieces of the worked update formulas: each optimizer writes its rule with one element's numbers,
 * from the values it recorded, so every number shown is one the update really used or produced.
 */

/**
 * `lhs = expression`, and `= result` on a row of its own: a worked line is about as wide as a side
 * panel, and the result is what the eye looks for.
 */
export function equation(lhs: string, expression: string, result: string): string {
  return `${lhs} &= ${expression} \\\\ &= ${result}`;
}

/** `\theta_{t} &= θ − η · step = θ'`, the last line of every rule: `step` is the LaTeX of the step's direction. */
export function thetaLine(w: WorkedElement, start: number, step: string): string {
  const digits = visibleDigits(start, w.after);
  return equation(`\\theta_{${w.t}}`, `${n(start, digits)} - ${n(w.lr)} \\cdot ${step}`, n(w.after, digits));
}

/** Significant digits that show a change from `a` to `b` (≥ 4, ≤ 10): a small step must not vanish in rounding. */
export function visibleDigits(a: number, b: number): number {
  const change = Math.abs(b - a);
  const size = Math.max(Math.abs(a), Math.abs(b));
  if (!(change > 0) || !Number.isFinite(size)) return 4;
  return Math.min(10, Math.max(4, Math.ceil(Math.log10(size / change)) + 2));
}

/** `\frac{num}{\sqrt{den} + ε}` with numbers. */
export function scaledStep(numerator: number, denominator: number, eps: number): string {
  return `\\frac{${n(numerator)}}{\\sqrt{${n(denominator)}} + ${n(eps)}}`;
}

/** `s_{t} &= decay · before + (1 − decay) · g² = after` (an exponential moving average of g or g²). */
export function averageLine(symbol: string, w: WorkedElement, key: string, decay: number, term: string): string {
  const s = w.state[key];
  return equation(`${symbol}_{${w.t}}`, `${n(decay)} \\cdot ${o(s.before ?? 0)} + ${n(1 - decay)} \\cdot ${term}`, n(s.after));
}

/** The after-value of state `key`'s first element. */
export function stateAfter(w: WorkedElement, key: string): number {
  return w.state[key].after;
}
