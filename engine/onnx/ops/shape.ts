import { fail } from '../../errors';
import { broadcastShapes, formatShape, sizeOf } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { defineOnnxOp, type OnnxNodeCall, type OnnxShapeCall } from '../handlers';
import { axesOf, checkedSize, composite, constAxes, constInts, foldedOnly, input, intAttr, ints, intsAttr, intsInput, leafName, normalizeAxis, sameShapeAsInput, shapeIn, single } from './util';

/**
 * ONNX shape ops. Constant, Shape, Size, ConstantOfShape and Range make values from shapes: the
 * importer folds them at load (onnx/fold.ts), so they never reach the tape. The others move numbers
 * with the engine's shape ops, so gradients flow through them; their shape rules read the constant
 * inputs (target shapes, axes, bounds) and the other inputs' shapes.
 */

defineOnnxOp({
  opType: 'Constant',
  attributes: ['value', 'value_float', 'value_floats', 'value_int', 'value_ints'],
  shape: foldedOnly,
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
  shape: (call) => [[shapeOf(call, shapeIn(call, 0)).length]],
  fromShapes: (call) => [ints(shapeOf(call, shapeIn(call, 0)))],
  apply: (call) => [ints(shapeOf(call, input(call, 0).shape))],
});

function shapeOf(call: Pick<OnnxShapeCall, 'attrs'>, shape: readonly number[]): number[] {
  const end = call.attrs.has('end') ? intAttr(call, 'end', shape.length) : shape.length;
  return shape.slice(intAttr(call, 'start', 0), end);
}

defineOnnxOp({
  opType: 'Size',
  attributes: [],
  shape: () => [[]],
  fromShapes: (call) => [Tensor.scalar(sizeOf(shapeIn(call, 0)))],
  apply: (call) => [Tensor.scalar(input(call, 0).size)],
});

defineOnnxOp({
  opType: 'ConstantOfShape',
  attributes: ['value'],
  shape: (call) => {
    const shape = constInts(call, 0) ?? [];
    checkedSize(shape);
    return [shape];
  },
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
  shape: foldedOnly,
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
  shape: (call) => [reshaped(call, shapeIn(call, 0), constInts(call, 1) ?? [])],
  apply: (call) => {
    const x = input(call, 0);
    return [single(call, 'reshape', [x], { shape: reshaped(call, x.shape, intsInput(call, 1) ?? []) })];
  },
});

/** The target shape with its 0s (copy the input's dim, unless allowzero) and its −1 (the rest) resolved. */
function reshaped(call: Pick<OnnxShapeCall, 'attrs'>, x: readonly number[], target: readonly number[]): number[] {
  const keepZero = intAttr(call, 'allowzero', 0) === 1;
  const dims = target.map((d, i) => (d === 0 && !keepZero ? x[i] : d));
  const size = sizeOf(x);
  const known = dims.reduce((a, d) => (d === -1 ? a : a * d), 1);
  const free = dims.filter((d) => d === -1).length;
  if (free > 1 || dims.some((d) => d < -1)) fail('E_SHAPE', `the target shape ${formatShape(target)} is not a shape`);
  if (free === 1 && known > 0 && size % known === 0) return dims.map((d) => (d === -1 ? size / known : d));
  if (free === 0 && known === size) return dims;
  return fail('E_SHAPE', `cannot reshape ${formatShape(x)} (${size} values) into ${formatShape(target)}`);
}

defineOnnxOp({
  opType: 'Flatten',
  attributes: ['axis'],
  shape: (call) => [flattened(call, shapeIn(call, 0))],
  apply: (call) => {
    const x = input(call, 0);
    return [single(call, 'reshape', [x], { shape: flattened(call, x.shape) })];
  },
});

function flattened(call: Pick<OnnxShapeCall, 'attrs'>, x: readonly number[]): number[] {
  const axis = intAttr(call, 'axis', 1);
  const cut = axis < 0 ? axis + x.length : axis;
  const rows = sizeOf(x.slice(0, cut));
  return [rows, sizeOf(x) / Math.max(rows, 1)];
}

defineOnnxOp({
  opType: 'Squeeze',
  attributes: ['axes'],
  shape: (call) => [squeezed(shapeIn(call, 0), constAxes(call, 1))],
  apply: (call) => {
    const x = input(call, 0);
    return [single(call, 'reshape', [x], { shape: squeezed(x.shape, axesOf(call, 1)) })];
  },
});

function squeezed(x: readonly number[], given: readonly number[] | null): number[] {
  const axes = given?.map((a) => normalizeAxis(a, x.length)) ?? x.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of axes) if (x[a] !== 1) fail('E_SHAPE', `cannot squeeze axis ${a} of size ${x[a]}`);
  return x.filter((_, i) => !axes.includes(i));
}

defineOnnxOp({
  opType: 'Unsqueeze',
  attributes: ['axes'],
  shape: (call) => [unsqueezed(shapeIn(call, 0), constAxes(call, 1) ?? [])],
  apply: (call) => {
    const x = input(call, 0);
    return [single(call, 'reshape', [x], { shape: unsqueezed(x.shape, axesOf(call, 1) ?? []) })];
  },
});

function unsqueezed(x: readonly number[], given: readonly number[]): number[] {
  const rank = x.length + given.length;
  const axes = given.map((a) => normalizeAxis(a, rank));
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x[k++]);
  return shape;
}

defineOnnxOp({
  opType: 'Concat',
  attributes: ['axis'],
  shape: (call) => {
    const parts = call.shapes.filter((s): s is readonly number[] => s !== null && sizeOf(s) > 0);
    if (parts.length === 0) fail('E_SHAPE', 'every input is empty');
    const axis = normalizeAxis(intAttr(call, 'axis', 0), parts[0].length);
    const fits = (s: readonly number[]) => s.length === parts[0].length && s.every((d, i) => i === axis || d === parts[0][i]);
    if (!parts.every(fits)) fail('E_SHAPE', `shapes ${parts.map(formatShape).join(', ')} cannot be joined along axis ${axis}`);
    return [parts[0].map((d, i) => (i === axis ? parts.reduce((n, s) => n + s[axis], 0) : d))];
  },
  apply: (call) => {
    const parts = call.inputs.filter((t): t is Tensor => t !== null && t.size > 0);
    if (parts.length === 1) return [single(call, 'identity', parts)];
    return [single(call, 'concat', parts, { axis: intAttr(call, 'axis', 0) })];
  },
});

defineOnnxOp({
  opType: 'Transpose',
  attributes: ['perm'],
  shape: (call) => {
    const x = shapeIn(call, 0);
    const perm = intsAttr(call, 'perm') ?? x.map((_, i) => x.length - 1 - i);
    if (perm.length !== x.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) fail('E_ATTR', `perm [${perm.join(', ')}] is not a permutation of the ${x.length} axes`);
    return [perm.map((p) => x[p])];
  },
  apply: (call) => {
    const x = input(call, 0);
    const perm = intsAttr(call, 'perm') ?? x.shape.map((_, i) => x.rank - 1 - i);
    return [single(call, 'permute', [x], { perm })];
  },
});

defineOnnxOp({
  opType: 'Expand',
  attributes: [],
  shape: (call) => [expanded(shapeIn(call, 0), constInts(call, 1) ?? [])],
  apply: (call) => {
    const x = input(call, 0);
    const shape = intsInput(call, 1) ?? [];
    expanded(x.shape, shape);
    return [single(call, 'expand', [x], { shape })];
  },
});

/** ONNX Expand broadcasts both ways: (3, 1) by (2, 1, 4) is (2, 3, 4); bounded before anything is allocated. */
function expanded(x: readonly number[], shape: readonly number[]): number[] {
  const rank = Math.max(x.length, shape.length);
  const pad = (s: readonly number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
  checkedSize(pad(x).map((d, i) => Math.max(d, pad(shape)[i])));
  return broadcastShapes(x, shape, 'Expand');
}

defineOnnxOp({
  opType: 'Gather',
  attributes: ['axis'],
  shape: (call) => {
    const [x, indices] = [shapeIn(call, 0), shapeIn(call, 1)];
    const axis = normalizeAxis(intAttr(call, 'axis', 0), x.length);
    return [[...x.slice(0, axis), ...indices, ...x.slice(axis + 1)]];
  },
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
  shape: (call) => {
    const x = shapeIn(call, 0);
    const ints = [1, 2, 3, 4].map((i) => constInts(call, i));
    const out = [...x];
    for (const c of sliceCuts(x, ints)) out[c.axis] = c.end - c.start;
    return [out];
  },
  apply: (call) => {
    const x = input(call, 0);
    const cuts = sliceCuts(x.shape, [1, 2, 3, 4].map((i) => intsInput(call, i)));
    if (cuts.length === 0) return [single(call, 'identity', [x])];
    if (cuts.length === 1) return [single(call, 'slice', [x], cuts[0])];
    return [composite(call, () => cuts.reduce((t, c) => call.tape.apply('slice', [t], c), x))];
  },
});

/** The axes a Slice cuts (starts, ends, axes, steps given), each with its clamped bounds. */
function sliceCuts(x: readonly number[], [starts, ends, given, steps]: readonly (number[] | null)[]): { axis: number; start: number; end: number }[] {
  const s = starts ?? [];
  const axes = (given ?? s.map((_, i) => i)).map((a) => normalizeAxis(a, x.length));
  if ((steps ?? []).some((k) => k !== 1)) fail('E_ARGUMENT', `steps [${(steps ?? []).join(', ')}] are not supported; only step 1 is`);
  return axes.map((axis, i) => ({ axis, ...clampRange(s[i], (ends ?? [])[i], x[axis]) })).filter((c) => c.start > 0 || c.end < x[c.axis]);
}

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
  shape: (call) => {
    const x = shapeIn(call, 0);
    const { axis, sizes } = splitSizes(call, x, constInts(call, 1));
    return sizes.map((n) => x.map((d, i) => (i === axis ? n : d)));
  },
  apply: (call: OnnxNodeCall) => {
    const x = input(call, 0);
    const { axis, sizes } = splitSizes(call, x.shape, intsInput(call, 1));
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

function splitSizes(call: Pick<OnnxShapeCall, 'attrs' | 'outputNames'>, x: readonly number[], given: number[] | null): { axis: number; sizes: number[] } {
  const axis = normalizeAxis(intAttr(call, 'axis', 0), x.length);
  const n = call.outputNames.length;
  const sizes = given ?? intsAttr(call, 'split') ?? equalParts(x[axis], n);
  if (sizes.length !== n || sizes.reduce((a, b) => a + b, 0) !== x[axis]) {
    fail('E_SHAPE', `split sizes [${sizes.join(', ')}] do not cover axis ${axis} of size ${x[axis]} in ${n} parts`);
  }
  return { axis, sizes };
}

function equalParts(d: number, n: number): number[] {
  const size = Math.ceil(d / n);
  return Array.from({ length: n }, (_, i) => Math.max(Math.min(size, d - i * size), 0));
}

/** Trilu: the upper (or lower) triangle of the last two axes, shifted by k; 0 elsewhere (as a where, so −∞ stays out). */
defineOnnxOp({
  opType: 'Trilu',
  attributes: ['upper'],
  shape: (call) => {
    if (shapeIn(call, 0).length < 2) fail('E_SHAPE', 'the input must have at least 2 axes');
    if (call.shapes[1] && !call.values[1]) fail('E_ARGUMENT', 'k must be a constant');
    return sameShapeAsInput(call);
  },
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
