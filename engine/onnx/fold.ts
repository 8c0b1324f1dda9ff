import { Tape } from '../autograd/tape';
import type { Tensor } from '../tensor/tensor';
import { onnxHandler, type OnnxDtype, type OnnxShapeCall } from './handlers';
import { applyNode, outputDtype } from './node';
import { nodeError, type OnnxGraph, type OnnxNode } from './read';

/**
 * Constant folding and shape inference at load, without a forward pass. Walking the graph in order:
 * a node whose inputs are all constants — Constant, initializers that are not parameters, the
 * outputs of earlier folded nodes — is evaluated and its outputs become constants (the Shape →
 * Gather → Unsqueeze → Concat → Reshape chains of an export, the causal mask); Shape and Size of a
 * value whose shape is known are constants too. Every other node goes to the plan a forward pass
 * runs, its outputs' shapes given by its handler's shape rule from its inputs' shapes (ONNX shape
 * inference): no number of the data or the parameters is computed. Every node that cannot run is a
 * problem; all of them are reported together.
 */
export interface Folded {
  /** Every value's shape: graph inputs, parameters, constants and the plan's outputs. */
  readonly shapes: Map<string, readonly number[]>;
  /** The constants' values: initializers that are not parameters, and the outputs of folded nodes. */
  readonly constants: Map<string, Tensor>;
  readonly dtypes: Map<string, OnnxDtype>;
  readonly plan: readonly OnnxNode[];
  readonly problems: readonly string[];
}

export interface FoldStart {
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly constants: ReadonlyMap<string, Tensor>;
  readonly dtypes: ReadonlyMap<string, OnnxDtype>;
  /**
   * Shapes only (an exported graph's value_info, engine/onnx/export/shapes.ts): a node with no
   * handler, or one the engine could not run, is skipped (its outputs get no shape), not checked.
   */
  readonly shapesOnly?: boolean;
}

export function foldGraph(graph: OnnxGraph, start: FoldStart): Folded {
  const plan: OnnxNode[] = [];
  const problems: string[] = [];
  const out: Folded = { shapes: new Map(start.shapes), constants: new Map(start.constants), dtypes: new Map(start.dtypes), plan, problems };
  const scratch = new Tape();
  scratch.recordGrad = false;
  for (const node of graph.nodes) {
    const present = node.inputs.filter((n) => n !== '');
    // A node after one that could not run is not reported again.
    if (present.some((n) => !out.shapes.has(n))) continue;
    const shapes = node.inputs.map((n) => (n === '' ? null : out.shapes.get(n)!));
    const handler = onnxHandler(node.opType);
    if (!handler) continue; // only in shapesOnly: the importer reports unknown ops before folding
    const why = start.shapesOnly ? null : handler.check?.({ attrs: node.attrs, inputShapes: shapes });
    if (why) {
      problems.push(`node "${node.name}" (${node.opType}): ${why}`);
      continue;
    }
    try {
      if (present.every((n) => out.constants.has(n))) fold(node, out, scratch, graph.file);
      else if (infer(node, shapes, out, graph.file)) plan.push(node);
    } catch (e) {
      problems.push((e as Error).message.replace(`${graph.file}: `, ''));
    }
  }
  return out;
}

/** Evaluates a node of constants: its outputs are constants. */
function fold(node: OnnxNode, out: Folded, scratch: Tape, file: string): void {
  applyNode(node, { tensors: out.constants, dtypes: out.dtypes }, scratch, file);
  for (const name of node.outputs) {
    const t = out.constants.get(name);
    if (name !== '' && t) out.shapes.set(name, t.shape);
  }
}

/**
 * A node that reads computed values: its outputs' shapes from its shape rule, and true (it is
 * planned); or, when its value depends only on shapes, its outputs folded, and false.
 */
function infer(node: OnnxNode, shapes: readonly (readonly number[] | null)[], out: Folded, file: string): boolean {
  try {
    return inferShapes(node, shapes, out);
  } catch (e) {
    throw nodeError(e, file, node);
  }
}

function inferShapes(node: OnnxNode, shapes: readonly (readonly number[] | null)[], out: Folded): boolean {
  const handler = onnxHandler(node.opType)!;
  const inputDtypes = node.inputs.map((n) => (n === '' ? null : out.dtypes.get(n) ?? 'float'));
  const call: OnnxShapeCall = {
    name: node.name,
    opType: node.opType,
    shapes,
    values: node.inputs.map((n) => out.constants.get(n) ?? null),
    inputDtypes,
    outputNames: node.outputs,
    attrs: node.attrs,
  };
  const dtype = outputDtype(node, inputDtypes);
  const folded = handler.fromShapes?.(call);
  const made = folded ? folded.map((t) => t.shape) : handler.shape(call);
  node.outputs.forEach((name, i) => {
    const shape = made[i];
    if (name === '' || !shape) return;
    out.shapes.set(name, shape);
    out.dtypes.set(name, dtype);
    if (folded) out.constants.set(name, folded[i]);
  });
  return !folded;
}

/** The folded values a plan or the graph's outputs read (the rest were steps towards them). */
export function neededConstants(folded: Folded, outputs: readonly string[]): Map<string, Tensor> {
  const needed = new Set([...folded.plan.flatMap((n) => n.inputs), ...outputs]);
  const out = new Map<string, Tensor>();
  for (const name of needed) {
    const t = folded.constants.get(name);
    if (t) out.set(name, t);
  }
  return out;
}
