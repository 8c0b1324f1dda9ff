import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Tensor } from '../tensor/tensor';

/**
 * The registry of ONNX op handlers: how each ONNX node type becomes engine ops on the tape, and
 * what shapes it makes. At load the importer (engine/onnx/fold.ts) walks the graph in order: a node
 * whose inputs are all constants is evaluated (folded), every other node's output shapes come from
 * its handler's shape rule, without computing a number (as ONNX shape inference does). In a forward
 * pass the handler applies registered engine ops (engine/ops) inside the node's scope, so every
 * step, gradient and view works on imported models.
 * Handlers live in engine/onnx/ops/*.ts, one file per family (elementwise, shape, attention,
 * recurrent …), each registering itself on import.
 */

/** An attribute's value as the importer decodes it (ONNX AttributeProto). */
export type OnnxAttr = number | string | readonly number[] | readonly string[] | Tensor;

/** What an ONNX value held before it became float64 numbers (int64 indices and shapes, bool masks). */
export type OnnxDtype = 'float' | 'int' | 'bool';

/** One ONNX node, as handed to its handler. */
export interface OnnxNodeCall {
  /** The node's `name` (e.g. `/layers.0/self_attn/MatMul`) and type. */
  readonly name: string;
  readonly opType: string;
  /** The node's inputs in ONNX order; null where an optional input is omitted (''). */
  readonly inputs: readonly (Tensor | null)[];
  /** The ONNX names of those inputs (initializer or value names), for messages and parameter names. */
  readonly inputNames: readonly string[];
  /** The ONNX element kinds of the inputs (null for an omitted one): integer division truncates. */
  readonly inputDtypes?: readonly (OnnxDtype | null)[];
  /** The ONNX names of the outputs the handler must return, in order. */
  readonly outputNames: readonly string[];
  readonly attrs: ReadonlyMap<string, OnnxAttr>;
  /** The tape, already inside the node's module scope (`layers.0` › `self_attn`). */
  readonly tape: Tape;
}

/** One ONNX node at load, as its shape rule sees it: shapes, and the values of constant inputs only. */
export interface OnnxShapeCall {
  readonly name: string;
  readonly opType: string;
  /** Per input, its shape; null where an optional input is omitted. */
  readonly shapes: readonly (readonly number[] | null)[];
  /** Per input, its value when it is a constant (an initializer that is not a parameter, or folded); else null. */
  readonly values: readonly (Tensor | null)[];
  readonly inputDtypes: readonly (OnnxDtype | null)[];
  readonly outputNames: readonly string[];
  readonly attrs: ReadonlyMap<string, OnnxAttr>;
}

/** An output's shape, or null for an optional output the node does not make. */
export type OnnxShape = readonly number[] | null;

export interface OnnxHandler {
  readonly opType: string;
  /** Attributes the handler understands; any other attribute on a node is an "unsupported attribute" error at load. */
  readonly attributes: readonly string[];
  /**
   * Checked at load for every node of this type, before anything runs: null when supported, else what
   * is not (e.g. "direction 'reverse' is not supported; forward and bidirectional are"). The importer
   * collects every node's answer and reports them all at once.
   */
  check?(node: { readonly attrs: ReadonlyMap<string, OnnxAttr>; readonly inputShapes: readonly (readonly number[] | null)[] }): string | null;
  /**
   * The shapes of the outputs from the inputs' shapes, failing (with what does not fit) where apply
   * would; run at load for every node that is not folded, so the graph is checked without a forward pass.
   */
  shape(call: OnnxShapeCall): OnnxShape[];
  /** For an op whose value depends only on its input's shape (Shape, Size): that value, folded at load. */
  fromShapes?(call: OnnxShapeCall): Tensor[];
  /** Applies the node: one tensor per output name (null for an optional output no one reads). */
  apply(call: OnnxNodeCall): (Tensor | null)[];
}

const handlers = new Map<string, OnnxHandler>();

export function defineOnnxOp(handler: OnnxHandler): OnnxHandler {
  if (handlers.has(handler.opType)) fail('E_UNKNOWN_OP', `ONNX op "${handler.opType}" has two handlers`);
  handlers.set(handler.opType, handler);
  return handler;
}

export function onnxHandler(opType: string): OnnxHandler | undefined {
  return handlers.get(opType);
}

/** Every supported ONNX op type, sorted (the README's support table is checked against it). */
export function supportedOnnxOps(): readonly string[] {
  return [...handlers.keys()].sort();
}
