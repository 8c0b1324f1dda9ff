import { fail } from '../errors';
import { allocate, type TypedArray } from '../tensor/dtype';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { defineOp } from './registry';

type LayerNormAttrs = { eps?: number };

const OP = 'layer_norm';

/** Rows × D, after checking that gamma and beta are (D) and eps is a non-negative number. */
function rowsAndWidth(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): [number, number] {
  if (x.rank === 0) fail('E_SHAPE', `x must have at least one axis; got a scalar`, { op: OP });
  const d = x.shape[x.rank - 1];
  const shapes = `x ${formatShape(x.shape)}, gamma ${formatShape(gamma.shape)}, beta ${formatShape(beta.shape)}`;
  if (gamma.rank !== 1 || gamma.shape[0] !== d || beta.rank !== 1 || beta.shape[0] !== d) {
    fail('E_SHAPE', `gamma and beta must both be (${d}), the size of the last axis of x; got ${shapes}`, { op: OP });
  }
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) fail('E_ATTR', `eps must be a non-negative number, got ${eps}`, { op: OP });
  return [d === 0 ? 0 : x.size / d, d];
}

/** Mean and 1/sqrt(var + eps) of one row, with the biased variance (divide by D). */
function rowMoments(x: TypedArray, base: number, d: number, eps: number): [number, number] {
  let s = 0;
  for (let j = 0; j < d; j++) s += x[base + j];
  const mu = s / d;
  let v = 0;
  for (let j = 0; j < d; j++) {
    const c = x[base + j] - mu;
    v += c * c;
  }
  return [mu, 1 / Math.sqrt(v / d + eps)];
}

/** The float64 column sums as a tensor of the parameter's shape and dtype. */
function columnSums(sums: Float64Array, param: Tensor): Tensor {
  if (param.dtype === 'float64') return new Tensor(sums, param.shape);
  const out = allocate(param.dtype, sums.length);
  out.set(sums);
  return new Tensor(out, param.shape);
}

export const LayerNorm = defineOp<LayerNormAttrs>({
  name: OP,
  inputs: ['x', 'gamma', 'beta'],
  formula:
    '\\mu = \\frac{1}{D} \\sum_j x_j,\\quad \\sigma^2 = \\frac{1}{D} \\sum_j (x_j - \\mu)^2,\\quad \\hat x = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}},\\quad y = \\gamma \\odot \\hat x + \\beta',
  gradFormula:
    'g = \\bar y \\odot \\gamma,\\quad \\bar x = \\frac{1}{\\sqrt{\\sigma^2 + \\epsilon}} \\Big( g - \\operatorname{mean}_j(g) - \\hat x \\operatorname{mean}_j(g \\odot \\hat x) \\Big),\\quad \\bar\\gamma = \\sum_{\\text{rows}} \\bar y \\odot \\hat x,\\quad \\bar\\beta = \\sum_{\\text{rows}} \\bar y',
  forward: ([x, gamma, beta], { eps = 1e-5 }) => {
    const [rows, d] = rowsAndWidth(x, gamma, beta, eps);
    const xd = x.data;
    const gd = gamma.data;
    const bd = beta.data;
    const y = allocate(x.dtype, x.size);
    for (let r = 0, base = 0; r < rows; r++, base += d) {
      const [mu, rstd] = rowMoments(xd, base, d, eps);
      for (let j = 0; j < d; j++) y[base + j] = (xd[base + j] - mu) * rstd * gd[j] + bd[j];
    }
    return [new Tensor(y, x.shape)];
  },
  backward: ({ inputs: [x, gamma, beta], attrs: { eps = 1e-5 }, dys: [dy] }) => {
    const [rows, d] = rowsAndWidth(x, gamma, beta, eps);
    const xd = x.data;
    const gd = gamma.data;
    const dyd = dy.data;
    const dx = allocate(x.dtype, x.size);
    // Column sums over many rows: accumulate in float64 even for float32 tensors.
    const dgamma = new Float64Array(d);
    const dbeta = new Float64Array(d);
    for (let r = 0, base = 0; r < rows; r++, base += d) {
      const [mu, rstd] = rowMoments(xd, base, d, eps);
      let sumG = 0;
      let sumGX = 0;
      for (let j = 0; j < d; j++) {
        const xhat = (xd[base + j] - mu) * rstd;
        const u = dyd[base + j];
        const g = u * gd[j];
        sumG += g;
        sumGX += g * xhat;
        dgamma[j] += u * xhat;
        dbeta[j] += u;
      }
      const meanG = sumG / d;
      const meanGX = sumGX / d;
      for (let j = 0; j < d; j++) {
        const xhat = (xd[base + j] - mu) * rstd;
        dx[base + j] = rstd * (dyd[base + j] * gd[j] - meanG - xhat * meanGX);
      }
    }
    return [new Tensor(dx, x.shape), columnSums(dgamma, gamma), columnSums(dbeta, beta)];
  },
});
