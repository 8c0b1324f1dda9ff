import type { Attrs } from '../../ops/registry';
import { sigmoidScalar } from '../../ops/activations';

/** An activation as a function of one number: its value and its derivative (the ops' own formulas). */
export interface Curve {
  f(x: number): number;
  derivative(x: number): number;
  /** Where the gradient is lost: ReLU's and the step's f′ = 0 is `dead`; else |f′| < SATURATED is `saturated`. */
  readonly lost: 'dead' | 'saturated';
}

/** |f′| below this counts as saturated: the gradient is cut to less than a twentieth. */
export const SATURATED = 0.05;

const numberOr = (attrs: Attrs, key: string, fallback: number): number => (typeof attrs[key] === 'number' ? (attrs[key] as number) : fallback);

/** The curve of an activation op, or null for any other op. */
export function curveOf(op: string, attrs: Attrs): Curve | null {
  switch (op) {
    case 'sigmoid':
      return { f: sigmoidScalar, derivative: (x) => sigmoidScalar(x) * (1 - sigmoidScalar(x)), lost: 'saturated' };
    case 'tanh':
      return { f: Math.tanh, derivative: (x) => 1 - Math.tanh(x) ** 2, lost: 'saturated' };
    case 'relu':
      return { f: (x) => Math.max(x, 0), derivative: (x) => (x > 0 ? 1 : 0), lost: 'dead' };
    case 'step':
      return { f: (x) => +(x >= 0), derivative: () => 0, lost: 'dead' };
    case 'leaky_relu': {
      const a = numberOr(attrs, 'alpha', 0.01);
      return { f: (x) => (x > 0 ? x : a * x), derivative: (x) => (x > 0 ? 1 : a), lost: 'saturated' };
    }
    case 'elu': {
      const a = numberOr(attrs, 'alpha', 1);
      return { f: (x) => (x > 0 ? x : a * Math.expm1(x)), derivative: (x) => (x > 0 ? 1 : a * Math.exp(x)), lost: 'saturated' };
    }
    case 'silu':
      // d/dx x·σ(x) = σ(x) (1 + x (1 − σ(x)))
      return { f: (x) => x * sigmoidScalar(x), derivative: (x) => sigmoidScalar(x) * (1 + x * (1 - sigmoidScalar(x))), lost: 'saturated' };
    case 'gelu':
      // GELU(x) = x Φ(x), GELU′(x) = Φ(x) + x φ(x): for an op of that name (ONNX's Gelu)
      return { f: (x) => x * normalCdf(x), derivative: (x) => normalCdf(x) + (x * Math.exp((-x * x) / 2)) / Math.sqrt(2 * Math.PI), lost: 'saturated' };
    default:
      return null;
  }
}

/** Whether the gradient is lost at x: f′(x) = 0 for a dead region (ReLU: x ≤ 0), |f′(x)| < SATURATED otherwise. */
export function isLost(curve: Curve, x: number): boolean {
  const d = Math.abs(curve.derivative(x));
  return curve.lost === 'dead' ? d === 0 : d < SATURATED;
}

/** Φ(x) = (1 + erf(x / √2)) / 2, erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7: below a pixel). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
