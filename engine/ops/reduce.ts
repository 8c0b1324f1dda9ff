import { fail } from '../errors';
import { allocate } from '../tensor/dtype';
import { formatShape, sizeOf, type Shape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { defineOp, type Attrs } from './registry';

/**
 * Reductions over a set of axes (default: all, giving a scalar of shape []). `keepDims` keeps each
 * reduced axis as a dim of size 1, so the result broadcasts back against the input.
 */
export type ReduceAttrs = { axes?: readonly number[]; keepDims?: boolean };

/**
 * How a reduction walks its input. With the size-1 dims dropped and neighbouring dims of the same kind
 * merged, most reductions are `outer × red × inner` (e.g. the last axis: inner = 1): then three plain
 * loops do it. Any other pattern (axes 0 and 2 of a 3-D tensor) uses `outIndex`, the output offset of
 * every input element.
 */
interface ReducePlan {
  /** The output shape (with or without the kept size-1 dims). */
  shape: number[];
  /** How many input elements fall into each output element. */
  count: number;
  block: { outer: number; red: number; inner: number } | null;
  outIndex: Int32Array | null;
}

function reducedAxes(attrs: Attrs, rank: number, op: string, shape: Shape): boolean[] {
  const axes = attrs.axes;
  const reduced = new Array<boolean>(rank).fill(axes === undefined);
  if (axes === undefined) return reduced;
  if (!Array.isArray(axes)) fail('E_ATTR', `axes must be a list of integers, got ${JSON.stringify(axes)}`, { op });
  for (const axis of axes as readonly number[]) {
    if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
      fail('E_ATTR', `axis ${axis} is out of range for a tensor of shape ${formatShape(shape)} (rank ${rank})`, { op });
    }
    const a = axis < 0 ? axis + rank : axis;
    if (reduced[a]) fail('E_ATTR', `axis ${axis} is listed twice in axes ${JSON.stringify(axes)}`, { op });
    reduced[a] = true;
  }
  return reduced;
}

export function planReduce(x: Tensor, attrs: Attrs, op: string): ReducePlan {
  const keepDims = attrs.keepDims ?? false;
  if (typeof keepDims !== 'boolean') fail('E_ATTR', `keepDims must be true or false, got ${JSON.stringify(keepDims)}`, { op });
  const reduced = reducedAxes(attrs, x.rank, op, x.shape);
  const shape: number[] = [];
  x.shape.forEach((d, i) => {
    if (!reduced[i]) shape.push(d);
    else if (keepDims) shape.push(1);
  });
  const count = x.shape.reduce((n, d, i) => (reduced[i] ? n * d : n), 1);
  // Merge the dims into alternating runs of kept (false) and reduced (true) axes.
  const runs: { size: number; reduced: boolean }[] = [];
  x.shape.forEach((d, i) => {
    if (d === 1) return;
    const last = runs[runs.length - 1];
    if (last && last.reduced === reduced[i]) last.size *= d;
    else runs.push({ size: d, reduced: reduced[i] });
  });
  const block = blockOf(runs);
  return { shape, count, block, outIndex: block ? null : outIndexOf(runs, x.size) };
}

/** outer × red × inner when the runs are at most kept, reduced, kept. */
function blockOf(runs: { size: number; reduced: boolean }[]): ReducePlan['block'] {
  const r = runs.filter((run) => run.reduced);
  if (r.length > 1) return null;
  if (r.length === 0) return { outer: runs.reduce((n, run) => n * run.size, 1), red: 1, inner: 1 };
  const at = runs.indexOf(r[0]);
  return { outer: at === 1 ? runs[0].size : 1, red: r[0].size, inner: at + 1 < runs.length ? runs[at + 1].size : 1 };
}

function outIndexOf(runs: { size: number; reduced: boolean }[], size: number): Int32Array {
  // Row-major strides of the output over the kept runs; reduced runs do not move the output offset.
  const strides = new Array<number>(runs.length);
  let s = 1;
  for (let k = runs.length - 1; k >= 0; k--) {
    strides[k] = runs[k].reduced ? 0 : s;
    if (!runs[k].reduced) s *= runs[k].size;
  }
  const map = new Int32Array(size);
  const idx = new Array<number>(runs.length).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    map[i] = o;
    for (let k = runs.length - 1; k >= 0; k--) {
      idx[k]++;
      o += strides[k];
      if (idx[k] < runs[k].size) break;
      o -= strides[k] * runs[k].size;
      idx[k] = 0;
    }
  }
  return map;
}

export function sumReduce(x: Tensor, plan: ReducePlan, scale = 1): Tensor {
  const out = allocate(x.dtype, sizeOf(plan.shape));
  const d = x.data;
  if (plan.block) {
    const { outer, red, inner } = plan.block;
    if (inner === 1) {
      for (let o = 0, base = 0; o < outer; o++, base += red) {
        let s = 0;
        for (let r = 0; r < red; r++) s += d[base + r];
        out[o] = s;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        const ob = o * inner;
        for (let r = 0, base = o * red * inner; r < red; r++, base += inner) {
          for (let i = 0; i < inner; i++) out[ob + i] += d[base + i];
        }
      }
    }
  } else {
    const map = plan.outIndex as Int32Array;
    for (let i = 0; i < d.length; i++) out[map[i]] += d[i];
  }
  if (scale !== 1) for (let i = 0; i < out.length; i++) out[i] *= scale;
  return new Tensor(out, plan.shape);
}

/** dL/dx of a sum: every input element receives the gradient of the output element it went into. */
export function sumReduceGrad(x: Tensor, plan: ReducePlan, g: Tensor, scale = 1): Tensor {
  const out = allocate(x.dtype, x.size);
  const gd = g.data;
  if (plan.block) {
    const { outer, red, inner } = plan.block;
    for (let o = 0, p = 0; o < outer; o++) {
      const ob = o * inner;
      for (let r = 0; r < red; r++) for (let i = 0; i < inner; i++) out[p++] = gd[ob + i] * scale;
    }
  } else {
    const map = plan.outIndex as Int32Array;
    for (let i = 0; i < out.length; i++) out[i] = gd[map[i]] * scale;
  }
  return new Tensor(out, x.shape);
}

/**
 * Maximum and the flat input index it came from. Ties go to the first in row-major order (strict >);
 * a NaN wins over every number, so NaN propagates as in PyTorch.
 */
export function maxReduce(x: Tensor, plan: ReducePlan, op = 'max'): { values: Tensor; args: Int32Array } {
  if (plan.count === 0) fail('E_SHAPE', `cannot take the max over zero elements of a tensor of shape ${formatShape(x.shape)}`, { op });
  const n = sizeOf(plan.shape);
  const out = allocate(x.dtype, n);
  const args = new Int32Array(n);
  const d = x.data;
  if (plan.block) {
    const { outer, red, inner } = plan.block;
    for (let o = 0; o < outer; o++) {
      const ob = o * inner;
      const first = o * red * inner;
      for (let i = 0; i < inner; i++) {
        let best = d[first + i];
        let arg = first + i;
        for (let r = 1, p = first + inner + i; r < red; r++, p += inner) {
          const v = d[p];
          if (v > best || (v !== v && best === best)) {
            best = v;
            arg = p;
          }
        }
        out[ob + i] = best;
        args[ob + i] = arg;
      }
    }
  } else {
    const map = plan.outIndex as Int32Array;
    const seen = new Uint8Array(n);
    for (let i = 0; i < d.length; i++) {
      const o = map[i];
      const v = d[i];
      if (!seen[o] || v > out[o] || (v !== v && out[o] === out[o])) {
        seen[o] = 1;
        out[o] = v;
        args[o] = i;
      }
    }
  }
  return { values: new Tensor(out, plan.shape), args };
}

export const Sum = defineOp<ReduceAttrs>({
  name: 'sum',
  inputs: ['x'],
  formula: 'y = \\sum_{i \\in \\text{axes}} x_i',
  gradFormula: '\\bar x_i = \\bar y \\quad\\text{(copied back along the summed axes)}',
  forward: ([x], attrs) => [sumReduce(x, planReduce(x, attrs, 'sum'))],
  backward: ({ inputs: [x], attrs, dys: [g] }) => [sumReduceGrad(x, planReduce(x, attrs, 'sum'), g)],
});

export const Mean = defineOp<ReduceAttrs>({
  name: 'mean',
  inputs: ['x'],
  formula: 'y = \\frac{1}{n} \\sum_{i \\in \\text{axes}} x_i \\quad (n = \\text{number of elements averaged})',
  gradFormula: '\\bar x_i = \\bar y / n',
  forward: ([x], attrs) => {
    const plan = planReduce(x, attrs, 'mean');
    return [sumReduce(x, plan, 1 / plan.count)];
  },
  backward: ({ inputs: [x], attrs, dys: [g] }) => {
    const plan = planReduce(x, attrs, 'mean');
    return [sumReduceGrad(x, plan, g, 1 / plan.count)];
  },
});

export const Max = defineOp<ReduceAttrs>({
  name: 'max',
  inputs: ['x'],
  formula: 'y = \\max_{i \\in \\text{axes}} x_i',
  gradFormula: '\\bar x_i = \\begin{cases} \\bar y & i = \\arg\\max \\text{ (the first one on ties)} \\\\ 0 & \\text{otherwise} \\end{cases}',
  forward: ([x], attrs) => [maxReduce(x, planReduce(x, attrs, 'max')).values],
  backward: ({ inputs: [x], attrs, dys: [g] }) => {
    const { args } = maxReduce(x, planReduce(x, attrs, 'max'));
    const out = allocate(x.dtype, x.size);
    const gd = g.data;
    for (let o = 0; o < args.length; o++) out[args[o]] = gd[o];
    return [new Tensor(out, x.shape)];
  },
});
