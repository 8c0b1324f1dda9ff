import { fail } from '../errors';
import { allocate, type TypedArray } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { defineOp, type Attrs } from './registry';

/**
 * Elementwise activations. Each forward and backward is one plain loop over the typed array (no
 * per-element callback): these ops sit on the hot path of every MLP, RNN and gate.
 * In the gradient formulas ȳ is dL/dy and x̄ is dL/dx.
 */

function like(x: Tensor): TypedArray {
  return allocate(x.dtype, x.size);
}

/** A finite number attribute with a default; anything else names the op and the attribute. */
function numberAttr(attrs: Attrs, key: string, fallback: number, op: string): number {
  const v = attrs[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail('E_ATTR', `attribute ${key} must be a finite number, got ${JSON.stringify(v)}`, { op });
  return v;
}

/**
 * σ(x) = 1 / (1 + e^{−x}) is already safe in floating point: for x ≪ 0, e^{−x} overflows to +∞ and
 * 1 / (1 + ∞) is exactly 0 (never ∞/∞ = NaN); for x ≫ 0, e^{−x} → 0 gives 1. The relative error stays a
 * few ulp, and there is no branch on the sign (a mispredicted branch per element costs more than exp).
 */
export function sigmoidScalar(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

export const Step = defineOp({
  name: 'step',
  inputs: ['x'],
  formula: 'y = H(x) = \\begin{cases} 1 & x \\ge 0 \\\\ 0 & x < 0 \\end{cases}',
  gradFormula:
    '\\bar x = 0 \\quad\\text{(the step is flat almost everywhere, so no gradient flows; the perceptron learns with its own update rule instead)}',
  forward: ([x]) => {
    const d = x.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) out[i] = +(d[i] >= 0);
    return [new Tensor(out, x.shape)];
  },
  backward: ({ inputs: [x] }) => [Tensor.zeros(x.shape, x.dtype)],
});

export const Sigmoid = defineOp({
  name: 'sigmoid',
  inputs: ['x'],
  formula: 'y = \\sigma(x) = \\frac{1}{1 + e^{-x}}',
  gradFormula: '\\bar x = \\bar y \\odot y \\odot (1 - y)',
  forward: ([x]) => {
    const d = x.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) out[i] = 1 / (1 + Math.exp(-d[i])); // see sigmoidScalar
    return [new Tensor(out, x.shape)];
  },
  backward: ({ outputs: [y], dys: [g] }) => {
    const yd = y.data;
    const gd = g.data;
    const out = like(y);
    for (let i = 0; i < yd.length; i++) out[i] = gd[i] * yd[i] * (1 - yd[i]);
    return [new Tensor(out, y.shape)];
  },
});

export const Tanh = defineOp({
  name: 'tanh',
  inputs: ['x'],
  formula: 'y = \\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}',
  gradFormula: '\\bar x = \\bar y \\odot (1 - y^2)',
  forward: ([x]) => {
    const d = x.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) out[i] = Math.tanh(d[i]);
    return [new Tensor(out, x.shape)];
  },
  backward: ({ outputs: [y], dys: [g] }) => {
    const yd = y.data;
    const gd = g.data;
    const out = like(y);
    for (let i = 0; i < yd.length; i++) out[i] = gd[i] * (1 - yd[i] * yd[i]);
    return [new Tensor(out, y.shape)];
  },
});

export const Relu = defineOp({
  name: 'relu',
  inputs: ['x'],
  formula: 'y = \\max(x, 0)',
  gradFormula: '\\bar x = \\bar y \\odot [x > 0]',
  forward: ([x]) => {
    const d = x.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      // (v + |v|) / 2 is max(v, 0) without a branch, which on mixed signs is about 4× faster; it is exact
      // for every finite v below 8.9e307, and the rare rest (±∞, NaN, huge v) takes the slow path.
      const r = (v + Math.abs(v)) * 0.5;
      out[i] = r < Infinity ? r : v > 0 || v !== v ? v : 0;
    }
    return [new Tensor(out, x.shape)];
  },
  backward: ({ inputs: [x], dys: [g] }) => {
    const d = x.data;
    const gd = g.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) {
      // a mask multiply instead of a branch, as in forward; 0 · ∞ would be NaN, so non-finite ȳ takes the slow path
      const r = gd[i] * +(d[i] > 0);
      out[i] = r === r ? r : d[i] > 0 ? gd[i] : 0;
    }
    return [new Tensor(out, x.shape)];
  },
});

export const LeakyRelu = defineOp<{ alpha?: number }>({
  name: 'leaky_relu',
  inputs: ['x'],
  formula: 'y = \\begin{cases} x & x > 0 \\\\ \\alpha x & x \\le 0 \\end{cases}',
  gradFormula: '\\bar x = \\bar y \\odot \\begin{cases} 1 & x > 0 \\\\ \\alpha & x \\le 0 \\end{cases}',
  forward: ([x], attrs) => {
    const alpha = numberAttr(attrs, 'alpha', 0.01, 'leaky_relu');
    const d = x.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) out[i] = d[i] > 0 ? d[i] : alpha * d[i];
    return [new Tensor(out, x.shape)];
  },
  backward: ({ inputs: [x], attrs, dys: [g] }) => {
    const alpha = numberAttr(attrs, 'alpha', 0.01, 'leaky_relu');
    const d = x.data;
    const gd = g.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) out[i] = d[i] > 0 ? gd[i] : alpha * gd[i];
    return [new Tensor(out, x.shape)];
  },
});

export const Elu = defineOp<{ alpha?: number }>({
  name: 'elu',
  inputs: ['x'],
  formula: 'y = \\begin{cases} x & x > 0 \\\\ \\alpha\\,(e^{x} - 1) & x \\le 0 \\end{cases}',
  gradFormula: '\\bar x = \\bar y \\odot \\begin{cases} 1 & x > 0 \\\\ \\alpha\\, e^{x} & x \\le 0 \\end{cases}',
  forward: ([x], attrs) => {
    const alpha = numberAttr(attrs, 'alpha', 1, 'elu');
    const d = x.data;
    const out = like(x);
    // expm1 keeps e^x − 1 accurate for x near 0, where 1 + tiny would round away.
    for (let i = 0; i < d.length; i++) out[i] = d[i] > 0 ? d[i] : alpha * Math.expm1(d[i]);
    return [new Tensor(out, x.shape)];
  },
  backward: ({ inputs: [x], attrs, dys: [g] }) => {
    const alpha = numberAttr(attrs, 'alpha', 1, 'elu');
    const d = x.data;
    const gd = g.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) out[i] = d[i] > 0 ? gd[i] : gd[i] * alpha * Math.exp(d[i]);
    return [new Tensor(out, x.shape)];
  },
});

export const Silu = defineOp({
  name: 'silu',
  inputs: ['x'],
  formula: 'y = x \\, \\sigma(x) = \\frac{x}{1 + e^{-x}}',
  gradFormula: '\\bar x = \\bar y \\odot \\sigma(x) \\odot \\bigl(1 + x\\,(1 - \\sigma(x))\\bigr)',
  forward: ([x]) => {
    const d = x.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) out[i] = d[i] * sigmoidScalar(d[i]);
    return [new Tensor(out, x.shape)];
  },
  backward: ({ inputs: [x], dys: [g] }) => {
    const d = x.data;
    const gd = g.data;
    const out = like(x);
    for (let i = 0; i < d.length; i++) {
      const s = sigmoidScalar(d[i]);
      out[i] = gd[i] * s * (1 + d[i] * (1 - s));
    }
    return [new Tensor(out, x.shape)];
  },
});
