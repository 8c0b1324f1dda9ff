import { fail } from '../../errors';
import { Tensor } from '../../tensor/tensor';
import { defineOnnxOp, type OnnxNodeCall } from '../handlers';
import { axesOf, checkedSize, composite, input, intAttr, ints, intsAttr, intsInput, leafName, normalizeAxis, single } from './util';

/**
 * ONNX shape ops. Constant, Shape, Size, ConstantOfShape and Range make values from shapes: the
 * importer folds them at load (onnx/fold.ts), so they never reach the tape. The others move numbers
 * with the engine's shape ops, so gradients flow through them.
 */

defineOnnxOp({
  opType: 'Constant',
  attributes: ['value', 'value_float', 'value_floats', 'value_int', 'value_ints'],
  apply: (call) => {
    const v = call.attrs.get('value') ?? call.attrs.get('value_float') ?? call.attrs.get('value_floats') ?? call.attrs.get('value_int') ?? call.attrs.get('value_ints');
    if (v instanceof Tensor) return [v];
    if (typeof v === 'number') return [Tensor.scalar(v)];
    if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return [ints(v as number[])];
    fail('E_ATTR', 'a Constant needs one of value, value_float(s), value_int(s)');
  },
});

defineOnnxOp({
  opType: 'Shape',
  attributes: ['start', 'end'],
  apply: (call) => {
    const shape = input(call, 0).shape;
    const end = call.attrs.has('end') ? intAttr(call, 'end', shape.length) : shape.length;
    return [ints(shape.slice(intAttr(call, 'start', 0), end))];
  },
});

defineOnnxOp({ opType: 'Size', attributes: [], apply: (call) => [Tensor.scalar(input(call, 0).size)] });

defineOnnxOp({
  opType: 'ConstantOfShape',
  attributes: ['value'],
  apply: (call) => {
    const shape = intsInput(call, 0) ?? [];
    const v = call.attrs.get('value');
    const fill = v instanceof Tensor ? v.data[0] : 0;
    checkedSize(shape);
    return [Tensor.full(shape, fill)];
  },
});

defineOnnxOp({
  opType: 'Range',
  attributes: [],
  apply: (call) => {
    const [start, limit, delta] = [0, 1, 2].map((i) => input(call, i).data[0]);
    if (delta === 0) fail('E_ARGUMENT', 'delta is 0');
    const n = Math.max(Math.ceil((limit - start) / delta), 0);
    checkedSize([n]);
    return [Tensor.of(Array.from({ length: n }, (_, i) => start + i * delta), [n])];
  },
});

/** ONNX Reshape: 0 copies the input's dim (unless allowzero), −1 is inferred. */
defineOnnxOp({
  opType: 'Reshape',
  attributes: ['allowzero'],
  apply: (call) => {
    const x = input(call, 0);
    const target = intsInput(call, 1) ?? [];
    const keepZero = intAttr(call, 'allowzero', 0) === 1;
    const shape = target.map((d, i) => (d === 0 && !keepZero ? x.shape[i] : d));
    return [single(call, 'reshape', [x], { shape })];
  },
});

defineOnnxOp({
  opType: 'Flatten',
  attributes: ['axis'],
  apply: (call) => {
    const x = input(call, 0);
    const axis = intAttr(call, 'axis', 1);
    const cut = axis < 0 ? axis + x.rank : axis;
    const rows = x.shape.slice(0, cut).reduce((a, b) => a * b, 1);
    return [single(call, 'reshape', [x], { shape: [rows, x.size / Math.max(rows, 1)] })];
  },
});

defineOnnxOp({
  opType: 'Squeeze',
  attributes: ['axes'],
  apply: (call) => {
    const x = input(call, 0);
    const axes = axesOf(call, 1)?.map((a) => normalizeAxis(a, x.rank)) ?? x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
    for (const a of axes) if (x.shape[a] !== 1) fail('E_SHAPE', `cannot squeeze axis ${a} of size ${x.shape[a]}`);
    return [single(call, 'reshape', [x], { shape: x.shape.filter((_, i) => !axes.includes(i)) })];
  },
});

defineOnnxOp({
  opType: 'Unsqueeze',
  attributes: ['axes'],
  apply: (call) => {
    const x = input(call, 0);
    const rank = x.rank + (axesOf(call, 1)?.length ?? 0);
    const axes = (axesOf(call, 1) ?? []).map((a) => normalizeAxis(a, rank));
    const shape: number[] = [];
    let k = 0;
    for (let i = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x.shape[k++]);
    return [single(call, 'reshape', [x], { shape })];
  },
});

defineOnnxOp({
  opType: 'Concat',
  attributes: ['axis'],
  apply: (call) => {
    const parts = call.inputs.filter((t): t is Tensor => t !== null && t.size > 0);
    if (parts.length === 1) return [single(call, 'identity', parts)];
    return [single(call, 'concat', parts, { axis: intAttr(call, 'axis', 0) })];
  },
});

defineOnnxOp({
  opType: 'Transpose',
  attributes: ['perm'],
  apply: (call) => {
    const x = input(call, 0);
    const perm = intsAttr(call, 'perm') ?? x.shape.map((_, i) => x.rank - 1 - i);
    return [single(call, 'permute', [x], { perm })];
  },
});

defineOnnxOp({
  opType: 'Expand',
  attributes: [],
  apply: (call) => {
    const x = input(call, 0);
    const shape = intsInput(call, 1) ?? [];
    const rank = Math.max(x.rank, shape.length);
    const pad = (s: readonly number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
    checkedSize(pad(x.shape).map((d, i) => Math.max(d, pad(shape)[i])));
    return [single(call, 'expand', [x], { shape })];
  },
});

defineOnnxOp({
  opType: 'Gather',
  attributes: ['axis'],
  apply: (call) => {
    const [x, indices] = [input(call, 0), input(call, 1)];
    const axis = normalizeAxis(intAttr(call, 'axis', 0), x.rank);
    // Negative indices count from the end; the engine's gather takes them non-negative.
    const wrapped = indices.data.some((v) => v < 0) ? Tensor.of(Array.from(indices.data, (v) => (v < 0 ? v + x.shape[axis] : v)), indices.shape) : indices;
    return [single(call, 'gather', [x, wrapped], { axis })];
  },
});

/** ONNX Slice (step 1): one engine slice per sliced axis, bounds clamped as ONNX does. */
defineOnnxOp({
  opType: 'Slice',
  attributes: [],
  apply: (call) => {
    const x = input(call, 0);
    const starts = intsInput(call, 1) ?? [];
    const ends = intsInput(call, 2) ?? [];
    const axes = (intsInput(call, 3) ?? starts.map((_, i) => i)).map((a) => normalizeAxis(a, x.rank));
    const steps = intsInput(call, 4) ?? starts.map(() => 1);
    if (steps.some((s) => s !== 1)) fail('E_ARGUMENT', `steps [${steps.join(', ')}] are not supported; only step 1 is`);
    const cuts = axes.map((axis, i) => ({ axis, ...clampRange(starts[i], ends[i], x.shape[axis]) })).filter((c) => c.start > 0 || c.end < x.shape[c.axis]);
    if (cuts.length === 0) return [single(call, 'identity', [x])];
    if (cuts.length === 1) return [single(call, 'slice', [x], cuts[0])];
    return [composite(call, () => cuts.reduce((t, c) => call.tape.apply('slice', [t], c), x))];
  },
});

function clampRange(start: number, end: number, n: number): { start: number; end: number } {
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const [s, e] = [clamp(start), clamp(end)];
  if (s >= e) fail('E_ARGUMENT', `the slice [${start}, ${end}) of an axis of size ${n} is empty; empty tensors are not supported`);
  return { start: s, end: e };
}

/** ONNX Split: by the `split` sizes (an input from opset 13, an attribute before) or into equal parts. */
defineOnnxOp({
  opType: 'Split',
  attributes: ['axis', 'split', 'num_outputs'],
  apply: (call: OnnxNodeCall) => {
    const x = input(call, 0);
    const axis = normalizeAxis(intAttr(call, 'axis', 0), x.rank);
    const n = call.outputNames.length;
    const sizes = intsInput(call, 1) ?? intsAttr(call, 'split') ?? equalParts(x.shape[axis], n);
    if (sizes.length !== n || sizes.reduce((a, b) => a + b, 0) !== x.shape[axis]) {
      fail('E_SHAPE', `split sizes [${sizes.join(', ')}] do not cover axis ${axis} of size ${x.shape[axis]} in ${n} parts`);
    }
    let start = 0;
    return composite(call, () =>
      sizes.map((size, i) => {
        const part = call.tape.apply('slice', [x], { axis, start, end: start + size }, leafName(call.outputNames[i]) || `part${i}`);
        start += size;
        return part;
      }),
    );
  },
});

function equalParts(d: number, n: number): number[] {
  const size = Math.ceil(d / n);
  return Array.from({ length: n }, (_, i) => Math.max(Math.min(size, d - i * size), 0));
}

/** Trilu: the upper (or lower) triangle of the last two axes, shifted by k; 0 elsewhere (as a where, so −∞ stays out). */
defineOnnxOp({
  opType: 'Trilu',
  attributes: ['upper'],
  apply: (call) => {
    const x = input(call, 0);
    if (x.rank < 2) fail('E_SHAPE', 'the input must have at least 2 axes');
    const k = call.inputs[1]?.data[0] ?? 0;
    const upper = intAttr(call, 'upper', 1) === 1;
    const [r, c] = x.shape.slice(-2);
    const keep = Tensor.zeros([r, c]);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) keep.data[i * c + j] = (upper ? j - i >= k : j - i <= k) ? 1 : 0;
    return [single(call, 'where', [keep, x, Tensor.scalar(0)])];
  },
});
