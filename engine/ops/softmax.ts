import { fail } from '../errors';
import { allocate, type TypedArray } from '../tensor/dtype';
import { formatShape, normalizeAxis } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { defineOp } from './registry';

/**
 * softmax and log_softmax along one axis, max-subtracted so that |x| ≈ 1000 does not overflow.
 * −∞ entries (masks) get exactly 0 weight; a row that is −∞ everywhere gives softmax 0 (not NaN)
 * and log_softmax −∞.
 */

type AxisAttrs = { axis?: number };

/** The tensor seen as (outer, n, inner) around the axis: each row has n entries `inner` apart. */
export interface AxisLayout {
  outer: number;
  n: number;
  inner: number;
}

export function axisLayout(shape: readonly number[], axis: number | undefined, op: string): AxisLayout {
  const ax = axis ?? -1;
  if (!Number.isInteger(ax)) fail('E_ATTR', `axis must be an integer, got ${ax}`, { op });
  if (shape.length === 0) fail('E_SHAPE', `needs a tensor with at least one axis, got a scalar ${formatShape(shape)}`, { op });
  const a = normalizeAxis(ax, shape.length, op);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < a; i++) outer *= shape[i];
  for (let i = a + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, n: shape[a], inner };
}

/** Calls fn(base) for the first element of every row; the row's elements are base + k·inner. */
function forEachRow({ outer, n, inner }: AxisLayout, fn: (base: number) => void): void {
  for (let o = 0; o < outer; o++) {
    const start = o * n * inner;
    for (let i = 0; i < inner; i++) fn(start + i);
  }
}

export function rowMax(x: TypedArray, base: number, n: number, stride: number): number {
  let m = -Infinity;
  for (let k = 0, j = base; k < n; k++, j += stride) if (x[j] > m) m = x[j];
  return m;
}

/** log Σ_k e^{x_k}, evaluated as m + log Σ_k e^{x_k − m}; −∞ for a row that is −∞ everywhere. */
export function rowLogSumExp(x: TypedArray, base: number, n: number, stride: number): number {
  const m = rowMax(x, base, n, stride);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let k = 0, j = base; k < n; k++, j += stride) s += Math.exp(x[j] - m);
  return m + Math.log(s);
}

export function softmaxTensor(x: Tensor, axis?: number, op = 'softmax'): Tensor {
  const L = axisLayout(x.shape, axis, op);
  const xd = x.data;
  const y = allocate(x.dtype, x.size);
  const { n, inner } = L;
  forEachRow(L, (base) => {
    const m = rowMax(xd, base, n, inner);
    if (m === -Infinity) return;
    let s = 0;
    for (let k = 0, j = base; k < n; k++, j += inner) {
      const e = Math.exp(xd[j] - m);
      y[j] = e;
      s += e;
    }
    const r = 1 / s;
    for (let k = 0, j = base; k < n; k++, j += inner) y[j] *= r;
  });
  return new Tensor(y, x.shape);
}

export function logSoftmaxTensor(x: Tensor, axis?: number, op = 'log_softmax'): Tensor {
  const L = axisLayout(x.shape, axis, op);
  const xd = x.data;
  const y = allocate(x.dtype, x.size);
  const { n, inner } = L;
  forEachRow(L, (base) => {
    const lse = rowLogSumExp(xd, base, n, inner);
    if (lse === -Infinity) {
      for (let k = 0, j = base; k < n; k++, j += inner) y[j] = -Infinity;
      return;
    }
    for (let k = 0, j = base; k < n; k++, j += inner) y[j] = xd[j] - lse;
  });
  return new Tensor(y, x.shape);
}

export const Softmax = defineOp<AxisAttrs>({
  name: 'softmax',
  inputs: ['x'],
  formula: 'y_i = \\frac{e^{x_i - m}}{\\sum_j e^{x_j - m}},\\quad m = \\max_j x_j',
  gradFormula: '\\bar x_i = y_i \\Big(\\bar y_i - \\sum_j \\bar y_j\\, y_j\\Big)',
  forward: ([x], { axis }) => [softmaxTensor(x, axis)],
  backward: ({ outputs: [y], attrs: { axis }, dys: [g] }) => {
    const L = axisLayout(y.shape, axis, 'softmax');
    const yd = y.data;
    const gd = g.data;
    const dx = allocate(y.dtype, y.size);
    const { n, inner } = L;
    forEachRow(L, (base) => {
      let dot = 0;
      for (let k = 0, j = base; k < n; k++, j += inner) dot += gd[j] * yd[j];
      for (let k = 0, j = base; k < n; k++, j += inner) dx[j] = yd[j] * (gd[j] - dot);
    });
    return [new Tensor(dx, y.shape)];
  },
});

export const LogSoftmax = defineOp<AxisAttrs>({
  name: 'log_softmax',
  inputs: ['x'],
  formula: 'y_i = x_i - m - \\log \\sum_j e^{x_j - m},\\quad m = \\max_j x_j',
  gradFormula: '\\bar x_i = \\bar y_i - e^{y_i} \\sum_j \\bar y_j',
  forward: ([x], { axis }) => [logSoftmaxTensor(x, axis)],
  backward: ({ outputs: [y], attrs: { axis }, dys: [g] }) => {
    const L = axisLayout(y.shape, axis, 'log_softmax');
    const yd = y.data;
    const gd = g.data;
    const dx = allocate(y.dtype, y.size);
    const { n, inner } = L;
    forEachRow(L, (base) => {
      let s = 0;
      for (let k = 0, j = base; k < n; k++, j += inner) s += gd[j];
      // e^{y} is softmax(x); e^{−∞} = 0 keeps masked entries out of the sum.
      for (let k = 0, j = base; k < n; k++, j += inner) dx[j] = gd[j] - Math.exp(yd[j]) * s;
    });
    return [new Tensor(dx, y.shape)];
  },
});
