import { Tape } from '../autograd/tape';
import type { Tensor } from '../tensor/tensor';
import { onnxHandler } from './handlers';
import { applyNode, type Values } from './node';
import type { OnnxGraph, OnnxNode } from './read';

/**
 * Constant folding at load. The graph runs once on zeros of the inputs' shapes (shapes are static):
 * a node whose inputs are all constants — Constant, integer initializers, the outputs of earlier
 * folded nodes — or that reads only a shape (Shape, Size) is evaluated here and its outputs become
 * constants; so the Shape → Gather → Unsqueeze → Concat → Reshape chains of an export, the causal mask
 * and the like never reach the tape. The rest is the plan a forward pass runs, in graph order. Every
 * node that cannot run is a problem; all of them are reported together.
 */
export interface Folded {
  /** Every value's tensor after the dry run: the constants, and the shapes of the others. */
  readonly values: Values;
  readonly constants: ReadonlySet<string>;
  readonly plan: readonly OnnxNode[];
  readonly problems: readonly string[];
}

/** Ops whose output depends only on their input's shape. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);

export function foldGraph(graph: OnnxGraph, start: Values, constant: Set<string>): Folded {
  const values: Values = { tensors: new Map(start.tensors), dtypes: new Map(start.dtypes) };
  const scratch = new Tape();
  scratch.recordGrad = false;
  const plan: OnnxNode[] = [];
  const problems: string[] = [];
  for (const node of graph.nodes) {
    const present = node.inputs.filter((n) => n !== '');
    // A node after one that could not run is not reported again.
    if (present.some((n) => !values.tensors.has(n))) continue;
    const shapes = node.inputs.map((n) => (n === '' ? null : values.tensors.get(n)!.shape));
    const why = onnxHandler(node.opType)?.check?.({ attrs: node.attrs, inputShapes: shapes });
    if (why) {
      problems.push(`node "${node.name}" (${node.opType}): ${why}`);
      continue;
    }
    try {
      applyNode(node, values, scratch, graph.file);
    } catch (e) {
      problems.push((e as Error).message.replace(`${graph.file}: `, ''));
      continue;
    }
    const folded = SHAPE_ONLY.has(node.opType) || present.every((n) => constant.has(n));
    if (folded) for (const n of node.outputs) constant.add(n);
    else plan.push(node);
  }
  return { values, constants: constant, plan, problems };
}

/** The folded values a plan or the graph's outputs read (the rest were steps towards them). */
export function neededConstants(folded: Folded, outputs: readonly string[]): Map<string, Tensor> {
  const needed = new Set([...folded.plan.flatMap((n) => n.inputs), ...outputs]);
  const out = new Map<string, Tensor>();
  for (const name of needed) {
    const t = folded.values.tensors.get(name);
    if (t && folded.constants.has(name)) out.set(name, t);
  }
  return out;
}
