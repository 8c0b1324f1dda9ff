import { fail } from '../errors';
import { allocate, type DType } from '../tensor/dtype';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { sigmoidScalar } from './activations';
import { rowLogSumExp, rowMax } from './softmax';
import { defineOp } from './registry';

/**
 * Mean-reduced scalar losses, with the conventions of test/reference/README.md §5.3 (PyTorch's).
 * Each backward scales by the upstream scalar L̄ (1 when the loss is the root).
 */

/** PyTorch clamps each log in bce at −100, so p = 0 or 1 gives a large finite loss, not ∞. */
const BCE_LOG_FLOOR = -100;
/** PyTorch's floor on p(1 − p) in the bce gradient. */
const BCE_GRAD_EPS = 1e-12;

function scalar(value: number, dtype: DType): Tensor {
  const out = allocate(dtype, 1);
  out[0] = value;
  return new Tensor(out, []);
}

function requireSameShape(op: string, a: Tensor, b: Tensor, an: string, bn: string): void {
  if (!sameShape(a.shape, b.shape)) {
    fail('E_SHAPE', `${an} ${formatShape(a.shape)} and ${bn} ${formatShape(b.shape)} must have the same shape`, { op });
  }
  if (a.size === 0) fail('E_SHAPE', `the mean over an empty ${an} ${formatShape(a.shape)} is undefined`, { op });
}

export const Mse = defineOp({
  name: 'mse',
  inputs: ['pred', 'target'],
  formula: 'L = \\frac{1}{n} \\sum_i (\\mathrm{pred}_i - \\mathrm{target}_i)^2',
  gradFormula: '\\overline{\\mathrm{pred}}_i = \\frac{2\\bar L}{n} (\\mathrm{pred}_i - \\mathrm{target}_i),\\quad \\overline{\\mathrm{target}}_i = -\\overline{\\mathrm{pred}}_i',
  forward: ([pred, target]) => {
    requireSameShape('mse', pred, target, 'pred', 'target');
    const p = pred.data;
    const t = target.data;
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const d = p[i] - t[i];
      s += d * d;
    }
    return [scalar(s / p.length, pred.dtype)];
  },
  backward: ({ inputs: [pred, target], dys: [g] }) => {
    const p = pred.data;
    const t = target.data;
    const c = (2 * g.data[0]) / p.length;
    const dp = allocate(pred.dtype, p.length);
    for (let i = 0; i < p.length; i++) dp[i] = c * (p[i] - t[i]);
    if (!target.requiresGrad) return [new Tensor(dp, pred.shape), null];
    const dt = allocate(target.dtype, t.length);
    for (let i = 0; i < t.length; i++) dt[i] = -dp[i];
    return [new Tensor(dp, pred.shape), new Tensor(dt, target.shape)];
  },
});

/** Checks logits (N,C) and target (N) of integer class indices in [0, C). */
function checkClassTargets(logits: Tensor, target: Tensor): void {
  const op = 'cross_entropy';
  const shapes = `logits ${formatShape(logits.shape)}, target ${formatShape(target.shape)}`;
  if (logits.rank !== 2) fail('E_SHAPE', `logits must be 2-D (N,C); got ${shapes}`, { op });
  const [n, c] = logits.shape;
  if (target.rank !== 1 || target.shape[0] !== n) fail('E_SHAPE', `target must be 1-D with one class index per row (N=${n}); got ${shapes}`, { op });
  if (n === 0 || c === 0) fail('E_SHAPE', `needs at least one row and one class; got ${shapes}`, { op });
  const t = target.data;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(t[i]) || t[i] < 0 || t[i] >= c) {
      fail('E_INDEX', `target[${i}] = ${t[i]} is not a class index in [0, ${c}) (${shapes})`, { op });
    }
  }
}

export const CrossEntropy = defineOp({
  name: 'cross_entropy',
  inputs: ['logits', 'target'],
  constantInputs: ['target'],
  formula: 'L = -\\frac{1}{N} \\sum_{n} \\log \\operatorname{softmax}(\\mathrm{logits}_n)_{\\mathrm{target}_n}',
  gradFormula: '\\overline{\\mathrm{logits}}_n = \\frac{\\bar L}{N} \\Big(\\operatorname{softmax}(\\mathrm{logits}_n) - \\operatorname{onehot}(\\mathrm{target}_n)\\Big)',
  forward: ([logits, target]) => {
    checkClassTargets(logits, target);
    const [n, c] = logits.shape;
    const z = logits.data;
    const t = target.data;
    let s = 0;
    // −log softmax(z)_y = logsumexp(z) − z_y
    for (let r = 0; r < n; r++) s += rowLogSumExp(z, r * c, c, 1) - z[r * c + t[r]];
    return [scalar(s / n, logits.dtype)];
  },
  backward: ({ inputs: [logits, target], dys: [g] }) => {
    const [n, c] = logits.shape;
    const z = logits.data;
    const t = target.data;
    const dz = allocate(logits.dtype, z.length);
    const scale = g.data[0] / n;
    for (let r = 0; r < n; r++) {
      const base = r * c;
      const m = rowMax(z, base, c, 1);
      let s = 0;
      for (let k = base; k < base + c; k++) {
        const e = Math.exp(z[k] - m);
        dz[k] = e;
        s += e;
      }
      const f = scale / s;
      for (let k = base; k < base + c; k++) dz[k] *= f;
      dz[base + t[r]] -= scale;
    }
    return [new Tensor(dz, logits.shape), null];
  },
});

function checkProbabilities(p: Tensor): void {
  const d = p.data;
  for (let i = 0; i < d.length; i++) {
    // NaN passes on so that the debugger can stop on it rather than on an error.
    if (d[i] < 0 || d[i] > 1) fail('E_ARGUMENT', `p must hold probabilities in [0, 1]; p[${i}] = ${d[i]} (p ${formatShape(p.shape)})`, { op: 'bce' });
  }
}

function clampedLog(v: number): number {
  const l = Math.log(v);
  return l < BCE_LOG_FLOOR ? BCE_LOG_FLOOR : l;
}

export const Bce = defineOp({
  name: 'bce',
  inputs: ['p', 'y'],
  formula: 'L = -\\frac{1}{N} \\sum_i \\big[ y_i \\log p_i + (1 - y_i) \\log(1 - p_i) \\big],\\quad \\log \\text{ clamped at } -100',
  gradFormula:
    '\\bar p_i = \\frac{\\bar L}{N} \\frac{p_i - y_i}{\\max\\big(p_i (1 - p_i),\\, 10^{-12}\\big)},\\quad \\bar y_i = -\\frac{\\bar L}{N} \\big( \\log p_i - \\log(1 - p_i) \\big)',
  forward: ([p, y]) => {
    requireSameShape('bce', p, y, 'p', 'y');
    checkProbabilities(p);
    const pd = p.data;
    const yd = y.data;
    let s = 0;
    for (let i = 0; i < pd.length; i++) s += yd[i] * clampedLog(pd[i]) + (1 - yd[i]) * clampedLog(1 - pd[i]);
    return [scalar(-s / pd.length, p.dtype)];
  },
  backward: ({ inputs: [p, y], dys: [g] }) => {
    const pd = p.data;
    const yd = y.data;
    const scale = g.data[0] / pd.length;
    const dp = allocate(p.dtype, pd.length);
    for (let i = 0; i < pd.length; i++) {
      const v = pd[i];
      const w = v * (1 - v);
      dp[i] = (scale * (v - yd[i])) / (w > BCE_GRAD_EPS ? w : BCE_GRAD_EPS);
    }
    if (!y.requiresGrad) return [new Tensor(dp, p.shape), null];
    const dy = allocate(y.dtype, yd.length);
    for (let i = 0; i < yd.length; i++) dy[i] = -scale * (clampedLog(pd[i]) - clampedLog(1 - pd[i]));
    return [new Tensor(dp, p.shape), new Tensor(dy, y.shape)];
  },
});

export const BceWithLogits = defineOp({
  name: 'bce_with_logits',
  inputs: ['z', 'y'],
  formula: 'L = \\frac{1}{N} \\sum_i \\big[ \\max(z_i, 0) - z_i y_i + \\log(1 + e^{-|z_i|}) \\big] = \\operatorname{bce}(\\sigma(z), y)',
  gradFormula: '\\bar z_i = \\frac{\\bar L}{N} \\big( \\sigma(z_i) - y_i \\big),\\quad \\bar y_i = -\\frac{\\bar L}{N} z_i',
  forward: ([z, y]) => {
    requireSameShape('bce_with_logits', z, y, 'z', 'y');
    const zd = z.data;
    const yd = y.data;
    let s = 0;
    for (let i = 0; i < zd.length; i++) {
      const v = zd[i];
      s += (v > 0 ? v : 0) - v * yd[i] + Math.log1p(Math.exp(-Math.abs(v)));
    }
    return [scalar(s / zd.length, z.dtype)];
  },
  backward: ({ inputs: [z, y], dys: [g] }) => {
    const zd = z.data;
    const yd = y.data;
    const scale = g.data[0] / zd.length;
    const dz = allocate(z.dtype, zd.length);
    for (let i = 0; i < zd.length; i++) dz[i] = scale * (sigmoidScalar(zd[i]) - yd[i]);
    if (!y.requiresGrad) return [new Tensor(dz, z.shape), null];
    const dy = allocate(y.dtype, yd.length);
    for (let i = 0; i < yd.length; i++) dy[i] = -scale * zd[i];
    return [new Tensor(dz, z.shape), new Tensor(dy, y.shape)];
  },
});
