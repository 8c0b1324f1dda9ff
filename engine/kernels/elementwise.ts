import type { TypedArray } from '../tensor/dtype';
import { allocate } from '../tensor/dtype';
import { broadcastShapes, broadcastStrides, sameShape, sizeOf, stridesOf, type Shape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/**
 * Elementwise kernels shared by many ops. Each loop lives in its own small function over typed
 * arrays: the callers pass many different callbacks and both float types, and small loops keep
 * V8's optimized code simple under that polymorphism (one loop per broadcast pattern, no modulo).
 */

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
  const d = x.data;
  const out = allocate(x.dtype, d.length);
  for (let i = 0; i < out.length; i++) out[i] = f(d[i]);
  return new Tensor(out, x.shape);
}

/** A new tensor with f(a[i], b[i]) for two tensors of one shape. */
export function zipSame(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const da = a.data;
  const db = b.data;
  const out = allocate(a.dtype, da.length);
  for (let i = 0; i < out.length; i++) out[i] = f(da[i], db[i]);
  return new Tensor(out, a.shape);
}

/**
 * f(a, b) elementwise with NumPy broadcasting. The same-shape loop is written here, not called:
 * kept this small, the function is inlined into each op, where f is a known closure that V8 inlines
 * too (a loop shared by every op calls f megamorphically, several times slower).
 */
export function broadcastBinary(a: Tensor, b: Tensor, f: (x: number, y: number) => number, op: string): Tensor {
  if (sameShape(a.shape, b.shape)) {
    const da = a.data;
    const db = b.data;
    const out = allocate(a.dtype, da.length);
    for (let i = 0; i < out.length; i++) out[i] = f(da[i], db[i]);
    return new Tensor(out, a.shape);
  }
  return broadcastGeneral(a, b, f, op);
}

function broadcastGeneral(a: Tensor, b: Tensor, f: (x: number, y: number) => number, op: string): Tensor {
  const shape = broadcastShapes(a.shape, b.shape, op);
  const out = allocate(a.dtype, sizeOf(shape));
  if (b.size === 1) scalarRightLoop(a.data, b.data[0], out, f);
  else if (a.size === 1) scalarLeftLoop(a.data[0], b.data, out, f);
  else if (sameShape(shape, a.shape) && isTrailing(b.shape, shape)) rowsRightLoop(a.data, b.data, out, f);
  else if (sameShape(shape, b.shape) && isTrailing(a.shape, shape)) rowsLeftLoop(a.data, b.data, out, f);
  else stridedLoop(a, b, shape, out, f);
  return new Tensor(out, shape);
}

export type ArithmeticKind = 'add' | 'sub' | 'mul' | 'div';

type Loop = (a: TypedArray, b: TypedArray, out: TypedArray) => void;
type ScalarLoop = (a: TypedArray, s: number, out: TypedArray) => void;

/** out = a ∘ b, same length. */
const SAME: Record<ArithmeticKind, Loop> = {
  add: (a, b, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i];
  },
  sub: (a, b, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i] - b[i];
  },
  mul: (a, b, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i] * b[i];
  },
  div: (a, b, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i] / b[i];
  },
};

/** out = a ∘ b where b is one row repeated along a's leading axes (a bias). */
const ROWS: Record<ArithmeticKind, Loop> = {
  add: (a, b, o) => {
    for (let r = 0, n = b.length; r < o.length; r += n) for (let j = 0; j < n; j++) o[r + j] = a[r + j] + b[j];
  },
  sub: (a, b, o) => {
    for (let r = 0, n = b.length; r < o.length; r += n) for (let j = 0; j < n; j++) o[r + j] = a[r + j] - b[j];
  },
  mul: (a, b, o) => {
    for (let r = 0, n = b.length; r < o.length; r += n) for (let j = 0; j < n; j++) o[r + j] = a[r + j] * b[j];
  },
  div: (a, b, o) => {
    for (let r = 0, n = b.length; r < o.length; r += n) for (let j = 0; j < n; j++) o[r + j] = a[r + j] / b[j];
  },
};

/** out = a ∘ s for one number s. */
const SCALAR: Record<ArithmeticKind, ScalarLoop> = {
  add: (a, s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i] + s;
  },
  sub: (a, s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i] - s;
  },
  mul: (a, s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i] * s;
  },
  div: (a, s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = a[i] / s;
  },
};

const CALLBACK: Record<ArithmeticKind, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

/**
 * a + b, a − b, a ⊙ b or a ⊘ b with NumPy broadcasting; the same numbers as `broadcastBinary` with
 * the matching callback. Each operation and common broadcast (same shape, a row along leading axes,
 * a scalar b) has its own loop with the operator written in it: a callback shared by many ops is
 * called megamorphically, which costs a call and three boxed numbers per element.
 */
export function arithmetic(a: Tensor, b: Tensor, kind: ArithmeticKind): Tensor {
  const same = sameShape(a.shape, b.shape);
  const shape = same ? a.shape : broadcastShapes(a.shape, b.shape, kind);
  if (!same && !(sameShape(shape, a.shape) && (b.size === 1 || isTrailing(b.shape, shape)))) {
    return broadcastBinary(a, b, CALLBACK[kind], kind);
  }
  const out = allocate(a.dtype, a.size);
  if (same) SAME[kind](a.data, b.data, out);
  else if (b.size === 1) SCALAR[kind](a.data, b.data[0], out);
  else ROWS[kind](a.data, b.data, out);
  return new Tensor(out, shape);
}

/** Sums a broadcast gradient back down to `shape` (the backward of broadcasting). */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const out = allocate(g.dtype, sizeOf(shape));
  const dg = g.data;
  if (out.length === 1) out[0] = sumAll(dg);
  else if (isTrailing(shape, g.shape)) sumRowsInto(dg, out);
  else {
    const so = broadcastStrides(shape, g.shape);
    const sg = stridesOf(g.shape);
    forEachIndex(g.shape, sg, so, (_i, ig, io) => {
      out[io] += dg[ig];
    });
  }
  return new Tensor(out, shape);
}

function scalarRightLoop(a: TypedArray, y: number, out: TypedArray, f: (x: number, y: number) => number): void {
  for (let i = 0; i < out.length; i++) out[i] = f(a[i], y);
}

function scalarLeftLoop(x: number, b: TypedArray, out: TypedArray, f: (x: number, y: number) => number): void {
  for (let i = 0; i < out.length; i++) out[i] = f(x, b[i]);
}

/** b repeats along the leading axes of a (a bias row added to every row). */
function rowsRightLoop(a: TypedArray, b: TypedArray, out: TypedArray, f: (x: number, y: number) => number): void {
  const n = b.length;
  for (let r = 0; r < out.length; r += n) for (let j = 0; j < n; j++) out[r + j] = f(a[r + j], b[j]);
}

/** a repeats along the leading axes of b. */
function rowsLeftLoop(a: TypedArray, b: TypedArray, out: TypedArray, f: (x: number, y: number) => number): void {
  const n = a.length;
  for (let r = 0; r < out.length; r += n) for (let j = 0; j < n; j++) out[r + j] = f(a[j], b[r + j]);
}

function stridedLoop(a: Tensor, b: Tensor, shape: Shape, out: TypedArray, f: (x: number, y: number) => number): void {
  const da = a.data;
  const db = b.data;
  forEachIndex(shape, broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape), (i, ia, ib) => {
    out[i] = f(da[ia], db[ib]);
  });
}

function sumAll(d: TypedArray): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  return s;
}

/** out[j] += Σ_r g[r·n + j]: the gradient of a row broadcast along the leading axes. */
function sumRowsInto(g: TypedArray, out: TypedArray): void {
  const n = out.length;
  for (let r = 0; r < g.length; r += n) for (let j = 0; j < n; j++) out[j] += g[r + j];
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
