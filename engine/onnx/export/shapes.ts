import { onnx } from 'onnx-proto';
import type { Tensor } from '../../tensor/tensor';
import { foldGraph, type Folded } from '../fold';
import type { OnnxDtype } from '../handlers';
import type { OnnxGraph } from '../read';
import '../ops/index';

/**
 * The shape and element type of the values an exported graph computes, for its value_info and
 * output (what Netron shows on the edges), by the importer's own shape rules (engine/onnx/fold.ts):
 * the graph is folded at two batch sizes; an axis that stays the same is fixed, one that grows with
 * the batch is symbolic: `batch` when it is the batch, `k*batch` when k rows per example were
 * folded into it (attention heads, time steps). Every op the exporter writes has a handler (a test
 * checks that every value gets one); a value after one without would get none, left to the reader.
 */
const BATCHES = [2, 3] as const;

const ELEM_TYPES: Readonly<Record<OnnxDtype, number>> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** The graph inputs' shapes: data fields' shapes, their first axis the batch. */
export type FieldShapes = ReadonlyMap<string, readonly number[]>;

/** A value_info per value of `names` whose shape the rules give, by name. */
export function valueInfos(graph: OnnxGraph, fields: FieldShapes, names: readonly string[]): Map<string, onnx.IValueInfoProto> {
  const [small, large] = BATCHES.map((b) => foldAt(graph, fields, b));
  const infos = new Map<string, onnx.IValueInfoProto>();
  for (const name of names) {
    const a = small.shapes.get(name);
    const b = large.shapes.get(name);
    if (!a || !b || a.length !== b.length) continue;
    const dim = a.map((d, axis) => symbolicDim(d, b[axis]));
    infos.set(name, { name, type: { tensorType: { elemType: ELEM_TYPES[small.dtypes.get(name) ?? 'float'], shape: { dim } } } });
  }
  return infos;
}

/** Shapes with every field's first axis `batch`; float initializers of rank ≥ 1 are weights (not folded), the rest constants. */
function foldAt(graph: OnnxGraph, fields: FieldShapes, batch: number): Folded {
  const shapes = new Map<string, readonly number[]>();
  const constants = new Map<string, Tensor>();
  const dtypes = new Map<string, OnnxDtype>();
  for (const [name, v] of graph.initializers) {
    shapes.set(name, v.tensor.shape);
    dtypes.set(name, v.dtype);
    if (v.dtype !== 'float' || v.tensor.rank === 0) constants.set(name, v.tensor);
  }
  for (const io of graph.inputs) {
    const field = fields.get(io.name);
    if (field) shapes.set(io.name, [batch, ...field.slice(1)]);
    dtypes.set(io.name, io.dtype ?? 'float');
  }
  return foldGraph(graph, { shapes, constants, dtypes, shapesOnly: true });
}

/** One axis from its sizes at batch 2 and 3: fixed, `batch`, `k*batch`, or unknown. */
function symbolicDim(atSmall: number, atLarge: number): onnx.TensorShapeProto.IDimension {
  if (atSmall === atLarge) return { dimValue: atSmall };
  const k = atLarge - atSmall;
  if (atSmall !== k * BATCHES[0]) return {};
  return { dimParam: k === 1 ? 'batch' : `${k}*batch` };
}
