import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Tensor } from '../tensor/tensor';

/**
 * The registry of ONNX op handlers: how each ONNX node type becomes engine ops on the tape. The
 * importer (engine/onnx/import.ts) walks the graph in order, folds constant subgraphs, and hands
 * every remaining node to the handler of its `opType`; the handler applies registered engine ops
 * (engine/ops) inside the node's scope, so every step, gradient and view works on imported models.
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
