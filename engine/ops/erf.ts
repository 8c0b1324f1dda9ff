import { mapUnary, zipSame } from '../kernels/elementwise';
import { defineOp } from './registry';

/**
 * erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt, to float64 precision: its Maclaurin series for |x| < 2.5, the
 * continued fraction of erfc beyond (both converge to < 1e-15 there). GELU is exported as x·(1+erf(x/√2))/2.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  return a < 2.5 ? erfSeries(x) : Math.sign(x) * (1 - erfcFraction(a));
}

/** erf x = (2/√π) Σ (−1)ⁿ x^{2n+1} / (n! (2n+1)). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up. */
function erfcFraction(x: number): number {
  let f = x;
  for (let n = 60; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export const Erf = defineOp({
  name: 'erf',
  inputs: ['x'],
  formula: 'y = \\operatorname{erf}(x) = \\frac{2}{\\sqrt\\pi} \\int_0^x e^{-t^2}\\,dt',
  gradFormula: '\\bar x = \\bar y \\odot \\frac{2}{\\sqrt\\pi} e^{-x^2}',
  forward: ([x]) => [mapUnary(x, erf)],
  backward: ({ inputs: [x], dys: [g] }) => [zipSame(g, x, (u, v) => (u * 2 * Math.exp(-v * v)) / Math.sqrt(Math.PI))],
});
