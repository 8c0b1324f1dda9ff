import { fail } from '../../errors';
import { LIMITS } from '../../limits';
import type { Attrs } from '../../ops/registry';
import { Tensor } from '../../tensor/tensor';
import type { OnnxAttr, OnnxNodeCall, OnnxShape, OnnxShapeCall } from '../handlers';

/** What handlers share: naming the engine ops a node becomes, and reading attributes and constant inputs. */

/** The node's own name without its module path: `MatMul` of `/layers.0/self_attn/MatMul`. */
export function leafName(name: string): string {
  const cut = name.lastIndexOf('/');
  return cut >= 0 ? name.slice(cut + 1) : name;
}

/** A node that is one engine op: the op is named by the node. */
export function single(call: OnnxNodeCall, op: string, inputs: readonly Tensor[], attrs: Attrs = {}): Tensor {
  return call.tape.apply(op, inputs, attrs, leafName(call.name));
}

/** A node that is several engine ops: they run in a scope named by the node (Step Into enters it). */
export function composite<T>(call: OnnxNodeCall, fn: () => T): T {
  return call.tape.withModule(leafName(call.name), fn);
}

export function input(call: OnnxNodeCall, i: number): Tensor {
  const t = call.inputs[i];
  if (!t) fail('E_ARGUMENT', `input ${i + 1} is required`);
  return t;
}

export function intAttr(call: { attrs: ReadonlyMap<string, OnnxAttr> }, name: string, fallback: number): number {
  const v = call.attrs.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) fail('E_ATTR', `attribute ${name} must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

export function floatAttr(call: { attrs: ReadonlyMap<string, OnnxAttr> }, name: string, fallback: number): number {
  const v = call.attrs.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== 'number') fail('E_ATTR', `attribute ${name} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

export function intsAttr(call: { attrs: ReadonlyMap<string, OnnxAttr> }, name: string): number[] | null {
  const v = call.attrs.get(name);
  if (v === undefined) return null;
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'number' && Number.isInteger(d))) fail('E_ATTR', `attribute ${name} must be a list of integers`);
  return [...(v as number[])];
}

/** An input that holds integers (a shape, axes, indices), read as a list; null when omitted. */
export function intsInput(call: OnnxNodeCall, i: number): number[] | null {
  const t = call.inputs[i];
  return t ? intsOf(t, i) : null;
}

function intsOf(t: Tensor, i: number): number[] {
  const out = Array.from(t.data);
  if (!out.every((v) => Number.isInteger(v) || Math.abs(v) >= 2 ** 53)) fail('E_ARGUMENT', `input ${i + 1} must hold integers`);
  return out;
}

/** At load: an input that must be known without running the graph (a target shape, axes, split sizes); null when omitted. */
export function constInts(call: OnnxShapeCall, i: number): number[] | null {
  if (!call.shapes[i]) return null;
  const t = call.values[i] ?? fail('E_ARGUMENT', `input ${i + 1} must be a constant (an initializer, or computed from shapes), not computed from the data or the parameters`);
  return intsOf(t, i);
}

/** At load: axes given as a constant input (opset ≥ 13) or an attribute. */
export function constAxes(call: OnnxShapeCall, inputIndex: number): number[] | null {
  return constInts(call, inputIndex) ?? intsAttr(call, 'axes');
}

/** At load: input i's shape, which the node needs. */
export function shapeIn(call: OnnxShapeCall, i: number): readonly number[] {
  return call.shapes[i] ?? fail('E_ARGUMENT', `input ${i + 1} is required`);
}

/** The shape rule of an op whose output has its first input's shape (activations, softmax, casts). */
export function sameShapeAsInput(call: OnnxShapeCall): OnnxShape[] {
  return [shapeIn(call, 0)];
}

/** The shape rule of an op that only constants feed (Constant, Range): it is always folded at load. */
export function foldedOnly(): OnnxShape[] {
  return fail('E_ARGUMENT', 'its inputs must be constants (initializers, or computed from shapes), not computed from the data or the parameters');
}

/** Axes given as an input (opset ≥ 13) or an attribute (earlier opsets). */
export function axesOf(call: OnnxNodeCall, inputIndex: number): number[] | null {
  return intsInput(call, inputIndex) ?? intsAttr(call, 'axes');
}

export function normalizeAxis(axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) fail('E_ATTR', `axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** Tensors a node computes from constants (ConstantOfShape, Range) stay within one data file's float64s. */
export function checkedSize(shape: readonly number[]): number {
  const max = Math.floor(LIMITS.dataFileBytes.max / 8);
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) fail('E_SHAPE', `dims [${shape.join(', ')}] are not all non-negative integers`);
    n *= d;
    if (n > max) fail('E_BUDGET', `a tensor of shape [${shape.join(', ')}] is over ${max} values (the size of one data file, limit \`dataFileBytes\`)`);
  }
  return n;
}

export function ints(values: readonly number[]): Tensor {
  return Tensor.of(values, [values.length]);
}
