import type { Tape } from '../autograd/tape';
import { BackstepError, fail } from '../errors';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { foldGraph, neededConstants } from './fold';
import { onnxHandler, supportedOnnxOps, type OnnxDtype } from './handlers';
import { applyNode, type Values } from './node';
import { readOnnx, SUPPORTED_DTYPES, dtypeName, type OnnxGraph, type OnnxIo, type OnnxNode } from './read';
import './ops/index';

/**
 * An ONNX model exported from PyTorch, ready to run on the tape: its float initializers as parameters
 * (named by the initializer, e.g. `layers.0.linear1.weight`, with gradients), its constant subgraphs
 * folded, and the plan of nodes a forward pass applies in order — each inside the scopes of its module
 * path, so `/layers.0/self_attn/MatMul` records op `layers.0/self_attn/MatMul`.
 */
export interface OnnxModel {
  readonly file: string;
  readonly graph: OnnxGraph;
  /** Trainable parameters, in initializer order. */
  readonly params: readonly Tensor[];
  /** The graph inputs the data feeds, with the shapes the model was folded for. */
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: OnnxDtype }[];
  /** Every value's shape (graph inputs, constants and computed values), inferred at load (onnx/fold.ts). */
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly constants: ReadonlyMap<string, Tensor>;
  readonly dtypes: ReadonlyMap<string, OnnxDtype>;
  readonly plan: readonly OnnxNode[];
}

/** ONNX opsets whose ops the handlers implement (torch 1.13 exports 13–17). */
export const OPSETS = { min: 13, max: 17 };

export interface ImportOptions {
  /** Shapes for graph inputs with symbolic (dynamic) dims, e.g. from the data's fields. */
  readonly inputShapes?: ReadonlyMap<string, readonly number[]>;
  /** The shape fed to the first graph input, when its name is not known beforehand (a model file's layer). */
  readonly firstInputShape?: readonly number[];
}

export function importOnnx(bytes: Uint8Array, file: string, options: ImportOptions = {}): OnnxModel {
  return importGraph(readOnnx(bytes, file), options);
}

/** A graph already read (readOnnx), checked and folded for the inputs' shapes. */
export function importGraph(graph: OnnxGraph, options: ImportOptions = {}): OnnxModel {
  const file = graph.file;
  const problems = [...graphProblems(graph), ...graph.nodes.flatMap(nodeProblems)];
  const given = (io: OnnxIo, i: number) => options.inputShapes?.get(io.name) ?? (i === 0 ? options.firstInputShape : undefined);
  const inputs = graph.inputs.map((io, i) => inputOf(io, given(io, i), problems));
  report(file, problems);
  const start = { shapes: new Map<string, readonly number[]>(), constants: new Map<string, Tensor>(), dtypes: new Map<string, OnnxDtype>() };
  const params: Tensor[] = [];
  const weights = weightInputs(graph);
  for (const [name, v] of graph.initializers) {
    const trainable = v.dtype === 'float' && v.tensor.rank >= 1 && (!name.startsWith('onnx::') || weights.has(name));
    const t = v.tensor;
    t.name = name;
    t.requiresGrad = trainable;
    start.shapes.set(name, t.shape);
    start.dtypes.set(name, v.dtype);
    if (trainable) params.push(t);
    else start.constants.set(name, t);
  }
  for (const io of inputs) {
    start.shapes.set(io.name, io.shape);
    start.dtypes.set(io.name, io.dtype);
  }
  const folded = foldGraph(graph, start);
  const outputs = graph.outputs.map((o) => o.name);
  const missing = outputs.filter((o) => !folded.shapes.has(o));
  report(file, folded.problems.length || !missing.length ? folded.problems : [`graph outputs ${missing.join(', ')} are not computed by any node`]);
  const used = new Set(folded.plan.flatMap((n) => n.inputs));
  return {
    file,
    graph,
    params: params.filter((p) => used.has(p.name)),
    inputs,
    shapes: folded.shapes,
    constants: neededConstants(folded, outputs),
    dtypes: folded.dtypes,
    plan: folded.plan,
  };
}

/**
 * One forward pass on the tape: the data's tensors for the graph inputs (by name), every planned
 * node applied in order. Returns every value computed (graph outputs, and anything a view wants).
 * `params` stand for the model's own (same names): a trainer's copies, so one import serves every run.
 */
export function runOnnx(model: OnnxModel, tape: Tape, feeds: ReadonlyMap<string, Tensor>, params: readonly Tensor[] = model.params): Map<string, Tensor> {
  const values: Values = { tensors: new Map(model.constants), dtypes: new Map(model.dtypes) };
  for (const p of params) values.tensors.set(p.name, p);
  for (const io of model.inputs) {
    const t = feeds.get(io.name);
    if (!t) fail('E_ARGUMENT', `${model.file}: the graph input "${io.name}" is not fed`, { file: model.file });
    if (!sameShape(t.shape, io.shape)) {
      fail('E_SHAPE', `${model.file}: the graph input "${io.name}" is ${formatShape(io.shape)} in the model but the data gives ${formatShape(t.shape)}`, { file: model.file });
    }
    values.tensors.set(io.name, t);
  }
  for (const node of model.plan) applyNode(node, values, tape, model.file);
  return values.tensors;
}

/**
 * Which float initializers are weights: those with a shape (a rank-0 one is an eps or a scale), under
 * their module's name; the exporter's own (`onnx::…`, when it folds constants) only where a product,
 * a lookup or a recurrent node takes them as its weight (a transposed copy of a Linear's), not a folded mask.
 */
function weightInputs(graph: OnnxGraph): Set<string> {
  const out = new Set<string>();
  for (const n of graph.nodes) {
    if (n.opType === 'MatMul' || n.opType === 'Gemm') n.inputs.slice(0, 3).forEach((i) => out.add(i));
    if (n.opType === 'Gather') out.add(n.inputs[0]);
    // W, R, B of a recurrent node: torch.onnx.export writes them as `onnx::LSTM_175` (the gates reordered).
    if (n.opType === 'LSTM' || n.opType === 'GRU' || n.opType === 'RNN') n.inputs.slice(1, 4).forEach((i) => out.add(i));
  }
  return out;
}

function graphProblems(graph: OnnxGraph): string[] {
  if (graph.opset >= OPSETS.min && graph.opset <= OPSETS.max) return [];
  return [`opset ${graph.opset} is not supported; opsets ${OPSETS.min}–${OPSETS.max} are (torch.onnx.export(..., opset_version=14))`];
}

function nodeProblems(node: OnnxNode): string[] {
  const at = `node "${node.name}" (${node.opType})`;
  if (node.domain && node.domain !== 'ai.onnx') return [`${at}: ops of domain "${node.domain}" are not supported; only the standard ONNX domain is`];
  const handler = onnxHandler(node.opType);
  if (!handler) return [`${at}: op ${node.opType} is not supported`];
  const extra = [...node.unreadAttrs, ...[...node.attrs.keys()].filter((a) => !handler.attributes.includes(a))];
  const known = handler.attributes.length ? handler.attributes.join(', ') : 'none';
  return extra.map((a) => `${at}: attribute ${a} is not supported (supported: ${known})`);
}

function inputOf(io: OnnxIo, given: readonly number[] | undefined, problems: string[]): { name: string; shape: readonly number[]; dtype: OnnxDtype } {
  const at = `graph input "${io.name}"`;
  if (!io.dtype) problems.push(`${at}: element type ${dtypeName(io.elemType)} is not supported (supported: ${SUPPORTED_DTYPES})`);
  const declared = io.shape;
  const fixed = declared?.every((d): d is number => typeof d === 'number') ? declared : null;
  if (given && fixed && !sameShape(given, fixed)) problems.push(`${at}: the model declares ${formatShape(fixed)} but the data gives ${formatShape(given)}`);
  const shape = given ?? fixed;
  if (!shape) problems.push(`${at}: dynamic shape [${(declared ?? []).map((d) => d ?? '?').join(', ')}] is not supported; export with fixed shapes, or feed it from a data field (whose shape is then used)`);
  return { name: io.name, shape: shape ?? [], dtype: io.dtype ?? 'float' };
}

/** Every problem at once, in one located error. */
function report(file: string, problems: readonly string[]): void {
  if (!problems.length) return;
  const list = problems.map((p) => `  - ${p}`).join('\n');
  const n = problems.length;
  throw new BackstepError('E_UNKNOWN_OP', `${file}: ${n} problem${n === 1 ? '' : 's'} importing the ONNX model:\n${list}\nSupported ops: ${supportedOnnxOps().join(', ')}.`, { file });
}
