import type { TypedArray } from '../tensor/dtype';
import { allocate } from '../tensor/dtype';
import { broadcastShapes, broadcastStrides, sameShape, sizeOf, stridesOf, type Shape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/** out[i] = a[i] + b[i] (out may alias a or b). */
export function add(a: TypedArray, b: TypedArray, out: TypedArray): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
}

/** out[i] = a[i] · s */
export function scale(a: TypedArray, s: number, out: TypedArray): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i] * s;
}

/** y[i] += α · x[i] */
export function axpy(alpha: number, x: TypedArray, y: TypedArray): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

/** A new tensor of x's shape and dtype with f applied elementwise. */
export function mapUnary(x: Tensor, f: (v: number) => number): Tensor {
  const out = allocate(x.dtype, x.size);
  const d = x.data;
  for (let i = 0; i < d.length; i++) out[i] = f(d[i]);
  return new Tensor(out, x.shape);
}

/** A new tensor with f(a[i], b[i]) for two tensors of one shape. */
export function zipSame(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const out = allocate(a.dtype, a.size);
  const da = a.data;
  const db = b.data;
  for (let i = 0; i < out.length; i++) out[i] = f(da[i], db[i]);
  return new Tensor(out, a.shape);
}

/** f(a, b) elementwise with NumPy broadcasting. */
export function broadcastBinary(a: Tensor, b: Tensor, f: (x: number, y: number) => number, op: string): Tensor {
  if (sameShape(a.shape, b.shape)) return zipSame(a, b, f);
  const shape = broadcastShapes(a.shape, b.shape, op);
  const out = allocate(a.dtype, sizeOf(shape));
  const da = a.data;
  const db = b.data;
  if (b.size === 1) {
    const y = db[0];
    for (let i = 0; i < out.length; i++) out[i] = f(da[i], y);
  } else if (a.size === 1) {
    const x = da[0];
    for (let i = 0; i < out.length; i++) out[i] = f(x, db[i]);
  } else if (sameShape(shape, a.shape) && isTrailing(b.shape, shape)) {
    const n = b.size;
    for (let i = 0; i < out.length; i++) out[i] = f(da[i], db[i % n]);
  } else {
    const sa = broadcastStrides(a.shape, shape);
    const sb = broadcastStrides(b.shape, shape);
    forEachIndex(shape, sa, sb, (i, ia, ib) => {
      out[i] = f(da[ia], db[ib]);
    });
  }
  return new Tensor(out, shape);
}

/** Sums a broadcast gradient back down to `shape` (the backward of broadcasting). */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const out = allocate(g.dtype, sizeOf(shape));
  const dg = g.data;
  if (out.length === 1) {
    let s = 0;
    for (let i = 0; i < dg.length; i++) s += dg[i];
    out[0] = s;
  } else if (isTrailing(shape, g.shape)) {
    const n = out.length;
    for (let i = 0; i < dg.length; i++) out[i % n] += dg[i];
  } else {
    const so = broadcastStrides(shape, g.shape);
    const sg = stridesOf(g.shape);
    forEachIndex(g.shape, sg, so, (_i, ig, io) => {
      out[io] += dg[ig];
    });
  }
  return new Tensor(out, shape);
}

/** True when `small`, with leading 1s dropped, equals the trailing dims of `big`. */
function isTrailing(small: Shape, big: Shape): boolean {
  let s = 0;
  while (s < small.length && small[s] === 1) s++;
  const tail = small.slice(s);
  const off = big.length - tail.length;
  return off >= 0 && tail.every((d, i) => d === big[off + i]);
}

/** Walks every index of `shape` in row-major order with two stride sets. */
function forEachIndex(shape: Shape, sa: number[], sb: number[], fn: (i: number, ia: number, ib: number) => void): void {
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  const total = sizeOf(shape);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < total; i++) {
    fn(i, ia, ib);
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]++;
      ia += sa[k];
      ib += sb[k];
      if (idx[k] < shape[k]) break;
      ia -= sa[k] * shape[k];
      ib -= sb[k] * shape[k];
      idx[k] = 0;
    }
  }
}
