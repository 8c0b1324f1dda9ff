import { fail } from '../errors';
import type { Tensor } from '../tensor/tensor';

export type AttrValue = number | boolean | string | readonly number[];
export type Attrs = Readonly<Record<string, AttrValue | undefined>>;

/** What a gradient function receives: the op's inputs, outputs, attributes and dL/d(output) per output. */
export interface GradContext<A extends Attrs = Attrs> {
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly attrs: A;
  /** One per output, with the output's shape; zeros where no gradient reached that output. */
  readonly dys: readonly Tensor[];
  /** Per input: whether its gradient is wanted. An op may return null for the others (and save the work). */
  readonly needsGrad: readonly boolean[];
}

/**
 * A primitive op: forward kernel, gradient, and the formula the Inspector displays.
 * Gradients are computed with plain kernels (not recorded), so each node's backward is one step.
 */
export interface OpDef<A extends Attrs = Attrs> {
  readonly name: string;
  /** Input names, in order; the gradient list follows the same order. */
  readonly inputs: readonly string[];
  /** When true the op takes one or more inputs of the single kind `inputs[0]` (e.g. concat). */
  readonly variadic?: boolean;
  /** Output names, in order (default: `['y']`). */
  readonly outputs?: readonly string[];
  /** LaTeX of the forward formula, in the input names (e.g. `y = x W^\top + b`). */
  readonly formula: string;
  /** LaTeX of the gradient formulas, shown during backward. */
  readonly gradFormula?: string;
  /** Inputs through which no gradient flows (indices, targets, masks). */
  readonly constantInputs?: readonly string[];
  forward(inputs: readonly Tensor[], attrs: A): Tensor[];
  /** dL/d(input) per input, or null where no gradient flows. Shapes must equal the inputs'. */
  backward(ctx: GradContext<A>): (Tensor | null)[];
}

const registry = new Map<string, OpDef>();

export function defineOp<A extends Attrs>(def: OpDef<A>): OpDef<A> {
  if (registry.has(def.name)) fail('E_UNKNOWN_OP', `op "${def.name}" is defined twice`);
  registry.set(def.name, def as unknown as OpDef);
  return def;
}

export function getOp(name: string): OpDef {
  const op = registry.get(name);
  if (!op) fail('E_UNKNOWN_OP', `unknown op "${name}"`, { op: name });
  return op;
}

/** The op of that name, or null (a recording's ops, `aten::addmm`, are not the engine's). */
export function findOp(name: string): OpDef | null {
  return registry.get(name) ?? null;
}

export function allOps(): readonly OpDef[] {
  return [...registry.values()];
}

export function outputNames(op: OpDef): readonly string[] {
  return op.outputs ?? ['y'];
}
