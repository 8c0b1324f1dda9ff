import { fail } from '../errors';
import { allocate } from '../tensor/dtype';
import { formatShape, sizeOf, stridesOf, type Shape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { defineOp } from './registry';

/**
 * Ops that move numbers without changing them: reshape, concat, stack, slice, gather, permute.
 * Forward results get their own buffer (a view could change under the debugger when an optimizer later
 * updates the input in place); gradients may share dL/dy's buffer, since the backward pass copies
 * before accumulating.
 */

/** An integer axis in [−rank, rank), as a non-negative index; otherwise an error naming the shape. */
function axisOf(axis: unknown, shape: Shape, op: string, rank = shape.length): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    fail('E_ATTR', `axis ${JSON.stringify(axis)} is out of range for ${rank === shape.length ? 'a tensor' : 'the result'} of rank ${rank} (input shape ${formatShape(shape)})`, { op });
  }
  return axis < 0 ? axis + rank : axis;
}

/** Sizes before, at and after an axis: a row-major tensor is `outer × shape[axis] × inner`. */
function splitAt(shape: Shape, axis: number): { outer: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), inner: sizeOf(shape.slice(axis + 1)) };
}

// ---------------------------------------------------------------- reshape

export function resolveShape(x: Tensor, target: unknown, op = 'reshape'): number[] {
  if (!Array.isArray(target) || !target.every((d) => Number.isInteger(d) && d >= -1)) {
    fail('E_ATTR', `shape must be a list of non-negative integers (one −1 allowed), got ${JSON.stringify(target)}`, { op });
  }
  const dims = target as number[];
  const free = dims.filter((d) => d === -1).length;
  if (free > 1) fail('E_ATTR', `shape ${formatShape(dims)} has more than one −1`, { op });
  const known = dims.reduce((n, d) => (d === -1 ? n : n * d), 1);
  if (free === 1) {
    if (known === 0 || x.size % known !== 0) {
      fail('E_SHAPE', `cannot reshape ${formatShape(x.shape)} (${x.size} values) into ${formatShape(dims)}: ${x.size} is not a multiple of ${known}`, { op });
    }
    return dims.map((d) => (d === -1 ? x.size / known : d));
  }
  if (known !== x.size) fail('E_SHAPE', `cannot reshape ${formatShape(x.shape)} (${x.size} values) into ${formatShape(dims)} (${known} values)`, { op });
  return dims;
}

export const Reshape = defineOp<{ shape: readonly number[] }>({
  name: 'reshape',
  inputs: ['x'],
  formula: 'y = \\operatorname{reshape}(x, \\text{shape}) \\quad\\text{(same values in row-major order)}',
  gradFormula: '\\bar x = \\operatorname{reshape}(\\bar y, \\text{shape of } x)',
  forward: ([x], { shape }) => [new Tensor(x.data.slice(), resolveShape(x, shape))],
  backward: ({ inputs: [x], dys: [g] }) => [new Tensor(g.data, x.shape)],
});

// ---------------------------------------------------------------- concat and stack

/** Copies each part's `outer × width` block side by side along the axis; returns the joined buffer. */
function joinBlocks(parts: readonly Tensor[], outer: number, widths: number[], dtype: Tensor['dtype']): Tensor['data'] {
  const total = widths.reduce((a, b) => a + b, 0);
  const out = allocate(dtype, outer * total);
  let offset = 0;
  parts.forEach((p, k) => {
    const w = widths[k];
    const d = p.data;
    if (outer === 1) out.set(d, offset);
    else for (let o = 0; o < outer; o++) out.set(d.subarray(o * w, (o + 1) * w), o * total + offset);
    offset += w;
  });
  return out;
}

/** The inverse of joinBlocks: each part's gradient is its block of columns of g. */
function splitBlocks(g: Tensor, parts: readonly Tensor[], outer: number, widths: number[]): Tensor[] {
  const total = widths.reduce((a, b) => a + b, 0);
  let offset = 0;
  return parts.map((p, k) => {
    const w = widths[k];
    const out = allocate(g.dtype, outer * w);
    for (let o = 0; o < outer; o++) out.set(g.data.subarray(o * total + offset, o * total + offset + w), o * w);
    offset += w;
    return new Tensor(out, p.shape);
  });
}

function concatLayout(parts: readonly Tensor[], axisAttr: unknown): { shape: number[]; outer: number; widths: number[] } {
  const first = parts[0];
  if (first.rank === 0) fail('E_SHAPE', 'cannot concatenate scalars (shape []); use stack', { op: 'concat' });
  const axis = axisOf(axisAttr ?? 0, first.shape, 'concat');
  parts.forEach((p, k) => {
    const fits = p.rank === first.rank && p.shape.every((d, i) => i === axis || d === first.shape[i]);
    if (!fits) {
      fail('E_SHAPE', `cannot concatenate along axis ${axis}: input ${k} has shape ${formatShape(p.shape)} but input 0 has ${formatShape(first.shape)}; all dims except axis ${axis} must match`, { op: 'concat' });
    }
  });
  const shape = [...first.shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  const { outer, inner } = splitAt(first.shape, axis);
  return { shape, outer, widths: parts.map((p) => p.shape[axis] * inner) };
}

export const Concat = defineOp<{ axis?: number }>({
  name: 'concat',
  inputs: ['x'],
  variadic: true,
  formula: 'y = [\\,x_1 \\;|\\; x_2 \\;|\\; \\dots\\,] \\quad\\text{(joined along axis)}',
  gradFormula: '\\bar x_k = \\text{the block of } \\bar y \\text{ where } x_k \\text{ sits}',
  forward: (parts, { axis }) => {
    const { shape, outer, widths } = concatLayout(parts, axis);
    return [new Tensor(joinBlocks(parts, outer, widths, parts[0].dtype), shape)];
  },
  backward: ({ inputs, attrs: { axis }, dys: [g] }) => {
    const { outer, widths } = concatLayout(inputs, axis);
    return splitBlocks(g, inputs, outer, widths);
  },
});

function stackLayout(parts: readonly Tensor[], axisAttr: unknown): { shape: number[]; outer: number; widths: number[] } {
  const first = parts[0];
  const axis = axisOf(axisAttr ?? 0, first.shape, 'stack', first.rank + 1);
  parts.forEach((p, k) => {
    if (p.rank !== first.rank || p.shape.some((d, i) => d !== first.shape[i])) {
      fail('E_SHAPE', `cannot stack input ${k} of shape ${formatShape(p.shape)} with input 0 of shape ${formatShape(first.shape)}: all shapes must be equal`, { op: 'stack' });
    }
  });
  const shape = [...first.shape.slice(0, axis), parts.length, ...first.shape.slice(axis)];
  const outer = sizeOf(first.shape.slice(0, axis));
  const inner = sizeOf(first.shape.slice(axis));
  return { shape, outer, widths: parts.map(() => inner) };
}

export const Stack = defineOp<{ axis?: number }>({
  name: 'stack',
  inputs: ['x'],
  variadic: true,
  formula: 'y_{\\dots,k,\\dots} = x_k \\quad\\text{(a new axis indexes the inputs)}',
  gradFormula: '\\bar x_k = \\bar y_{\\dots,k,\\dots}',
  forward: (parts, { axis }) => {
    const { shape, outer, widths } = stackLayout(parts, axis);
    return [new Tensor(joinBlocks(parts, outer, widths, parts[0].dtype), shape)];
  },
  backward: ({ inputs, attrs: { axis }, dys: [g] }) => {
    const { outer, widths } = stackLayout(inputs, axis);
    return splitBlocks(g, inputs, outer, widths);
  },
});

// ---------------------------------------------------------------- slice

type SliceAttrs = { axis?: number; start?: number; end?: number };

/** [start, end) along the axis, Python-style negatives counted from the end; empty or outside → error. */
function sliceRange(x: Tensor, { axis, start, end }: SliceAttrs): { axis: number; start: number; end: number } {
  if (x.rank === 0) fail('E_SHAPE', 'cannot slice a scalar (shape [])', { op: 'slice' });
  const a = axisOf(axis ?? 0, x.shape, 'slice');
  const n = x.shape[a];
  const bound = (v: unknown, fallback: number, what: string): number => {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) fail('E_ATTR', `${what} must be an integer, got ${JSON.stringify(v)}`, { op: 'slice' });
    return v < 0 ? v + n : v;
  };
  const s = bound(start, 0, 'start');
  const e = bound(end, n, 'end');
  if (s < 0 || e > n || s >= e) {
    fail('E_INDEX', `slice [${start ?? 0}:${end ?? n}) along axis ${a} is out of range or empty for size ${n} (shape ${formatShape(x.shape)})`, { op: 'slice' });
  }
  return { axis: a, start: s, end: e };
}

export const Slice = defineOp<SliceAttrs>({
  name: 'slice',
  inputs: ['x'],
  formula: 'y = x_{\\dots,\\,\\text{start}:\\text{end},\\,\\dots} \\quad\\text{(end excluded)}',
  gradFormula: '\\bar x = \\bar y \\text{ inside the slice}, \\; 0 \\text{ elsewhere}',
  forward: ([x], attrs) => {
    const { axis, start, end } = sliceRange(x, attrs);
    const { outer, inner } = splitAt(x.shape, axis);
    const n = x.shape[axis];
    const w = (end - start) * inner;
    const out = allocate(x.dtype, outer * w);
    for (let o = 0; o < outer; o++) {
      const from = (o * n + start) * inner;
      out.set(x.data.subarray(from, from + w), o * w);
    }
    const shape = [...x.shape];
    shape[axis] = end - start;
    return [new Tensor(out, shape)];
  },
  backward: ({ inputs: [x], attrs, dys: [g] }) => {
    const { axis, start, end } = sliceRange(x, attrs);
    const { outer, inner } = splitAt(x.shape, axis);
    const n = x.shape[axis];
    const w = (end - start) * inner;
    const out = allocate(x.dtype, x.size);
    for (let o = 0; o < outer; o++) out.set(g.data.subarray(o * w, (o + 1) * w), (o * n + start) * inner);
    return [new Tensor(out, x.shape)];
  },
});

// ---------------------------------------------------------------- gather

/** The indices as integers, each checked against the axis size. */
function indexList(indices: Tensor, size: number, axis: number, x: Tensor): Int32Array {
  const d = indices.data;
  const out = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const k = d[i];
    if (!Number.isInteger(k) || k < 0 || k >= size) {
      const what = Number.isInteger(k) ? 'is out of range' : 'is not an integer';
      fail('E_INDEX', `index ${k} (at position ${i} of indices ${formatShape(indices.shape)}) ${what} for axis ${axis} of size ${size} (x has shape ${formatShape(x.shape)})`, { op: 'gather' });
    }
    out[i] = k;
  }
  return out;
}

function gatherLayout(x: Tensor, indices: Tensor, axisAttr: unknown) {
  if (x.rank === 0) fail('E_SHAPE', 'cannot gather from a scalar (shape [])', { op: 'gather' });
  const axis = axisOf(axisAttr ?? 0, x.shape, 'gather');
  const { outer, inner } = splitAt(x.shape, axis);
  const n = x.shape[axis];
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  return { axis, outer, inner, n, shape, idx: indexList(indices, n, axis, x) };
}

/** Picks slices of x along an axis (an embedding lookup is gather on axis 0 of the table). */
export const Gather = defineOp<{ axis?: number }>({
  name: 'gather',
  inputs: ['x', 'indices'],
  constantInputs: ['indices'],
  formula: 'y_{\\dots,\\,j,\\,\\dots} = x_{\\dots,\\,\\text{indices}_j,\\,\\dots}',
  gradFormula: '\\bar x_{\\dots,\\,i,\\,\\dots} = \\sum_{j:\\ \\text{indices}_j = i} \\bar y_{\\dots,\\,j,\\,\\dots} \\quad\\text{(repeated indices add up; unused rows get 0)}',
  forward: ([x, indices], { axis }) => {
    const { outer, inner, n, shape, idx } = gatherLayout(x, indices, axis);
    const k = idx.length;
    const out = allocate(x.dtype, outer * k * inner);
    const d = x.data;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        const from = (o * n + idx[j]) * inner;
        const to = (o * k + j) * inner;
        if (inner === 1) out[to] = d[from];
        else out.set(d.subarray(from, from + inner), to);
      }
    }
    return [new Tensor(out, shape)];
  },
  backward: ({ inputs: [x, indices], attrs: { axis }, dys: [g] }) => {
    const { outer, inner, n, idx } = gatherLayout(x, indices, axis);
    const k = idx.length;
    const out = allocate(x.dtype, x.size);
    const gd = g.data;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        const to = (o * n + idx[j]) * inner;
        const from = (o * k + j) * inner;
        for (let i = 0; i < inner; i++) out[to + i] += gd[from + i];
      }
    }
    return [new Tensor(out, x.shape), null];
  },
});

// ---------------------------------------------------------------- permute

function checkPerm(x: Tensor, perm: unknown): number[] {
  const ok =
    Array.isArray(perm) &&
    perm.length === x.rank &&
    [...perm].sort((a, b) => a - b).every((v, i) => v === i);
  if (!ok) fail('E_ATTR', `perm ${JSON.stringify(perm)} is not a permutation of the ${x.rank} axes of shape ${formatShape(x.shape)}`, { op: 'permute' });
  return perm as number[];
}

/** y[i_0, …] = x[i_{inv(0)}, …]: walks y in row-major order with x's strides taken in perm order. */
export function permuteTensor(x: Tensor, perm: readonly number[]): Tensor {
  const rank = x.rank;
  const shape = perm.map((p) => x.shape[p]);
  const xs = stridesOf(x.shape);
  const from = perm.map((p) => xs[p]);
  const out = allocate(x.dtype, x.size);
  const d = x.data;
  if (rank === 2 && perm[0] === 1) {
    const [r, c] = shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = d[j * r + i];
    return new Tensor(out, shape);
  }
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = d[src];
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]++;
      src += from[k];
      if (idx[k] < shape[k]) break;
      src -= from[k] * shape[k];
      idx[k] = 0;
    }
  }
  return new Tensor(out, shape);
}

export const Permute = defineOp<{ perm: readonly number[] }>({
  name: 'permute',
  inputs: ['x'],
  formula: 'y_{i_0 i_1 \\dots} = x_{\\dots} \\text{ with axis } k \\text{ of } y \\text{ taken from axis } \\text{perm}_k \\text{ of } x',
  gradFormula: '\\bar x = \\operatorname{permute}(\\bar y, \\text{perm}^{-1})',
  forward: ([x], { perm }) => [permuteTensor(x, checkPerm(x, perm))],
  backward: ({ inputs: [x], attrs: { perm }, dys: [g] }) => {
    const p = checkPerm(x, perm);
    const inverse = new Array<number>(p.length);
    p.forEach((axis, k) => (inverse[axis] = k));
    return [permuteTensor(g, inverse)];
  },
});
