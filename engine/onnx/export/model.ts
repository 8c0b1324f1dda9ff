import { onnx } from 'onnx-proto';
import { own } from '../../dict';
import { BackstepError, fail } from '../../errors';
import { layerKind, type SlotDef } from '../../model/catalog';
import type { InferredLayer } from '../../model/infer';
import type { InputRef } from '../../model/spec';
import type { CheckedModel } from '../../model/validate';
import type { Tensor } from '../../tensor/tensor';
import { Attrs } from '../../train/layers/slots';
import { located } from '../../train/located';
import { readOnnx } from '../read';
import { ATTENTION_EXPORTERS } from './attention';
import type { ExportWire, LayerExporter } from './context';
import { DENSE_EXPORTERS } from './dense';
import { EMBEDDING_EXPORTERS } from './embedding';
import { EXPORT_OPSET, OnnxGraph } from './graph';
import { RECURRENT_EXPORTERS } from './recurrent';
import { valueInfos } from './shapes';

/**
 * A Backstep model as an ONNX ModelProto (opset 14): the data fields the layers read become graph
 * inputs (first axis symbolic, `batch`; index fields int64, the rest float32), every layer its nodes
 * (named by the layer's scope), the trained parameters float32 initializers, and the loss's input
 * the one graph output, named after the layer that makes it; every value a node computes has a
 * value_info, its shape by the importer's shape rules (./shapes.ts). A layer kind without an exporter is an
 * error naming the layer, its kind and the kinds that export.
 */
export const EXPORTERS: ReadonlyMap<string, LayerExporter> = new Map(Object.entries({ ...DENSE_EXPORTERS, ...EMBEDDING_EXPORTERS, ...RECURRENT_EXPORTERS, ...ATTENTION_EXPORTERS }));

export interface ExportLayer {
  readonly name: string;
  readonly params: readonly Tensor[];
}

export interface ExportInfo {
  /** Written into the file's metadata (`backstep.step`). */
  readonly step: number;
}

export function exportOnnx(model: CheckedModel, layers: readonly ExportLayer[], info: ExportInfo): Uint8Array {
  const unsupported = model.layers.filter((l) => !EXPORTERS.has(l.kind));
  if (unsupported.length) {
    const supported = `the layer kinds that export are ${[...EXPORTERS.keys()].sort().join(', ')}`;
    const what = unsupported.length === 1 ? `a ${unsupported[0].kind} layer has` : `layers ${unsupported.map((l) => `"${l.name}" (${l.kind})`).join(', ')} have`;
    throw new BackstepError('E_ARGUMENT', `${what} no ONNX export; ${supported}`, { layer: unsupported[0].name });
  }
  const loss = model.spec.loss;
  if (!loss) return fail('E_ARGUMENT', 'an embedding model trained on its own objective has no prediction to export; ONNX export needs a loss on a layer output');
  const g = new OnnxGraph();
  const inputs: onnx.IValueInfoProto[] = [];
  const fieldShapes = new Map<string, readonly number[]>();
  const wires = new Map<string, Readonly<Record<string, ExportWire>>>();
  const fieldWire = (name: string): ExportWire => {
    const known = wires.get(`field:${name}`);
    if (known) return known.out;
    const value = own(model.data.fields, name) ?? fail('E_ARGUMENT', `\`${name}\` is not a data field`);
    const int = value.kind === 'index';
    inputs.push(valueInfo(g.claim(name), int ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT, value.shape));
    fieldShapes.set(name, value.shape);
    const wire: ExportWire = { kind: 'tensor', name, dtype: int ? 'int' : 'float' };
    wires.set(`field:${name}`, { out: wire });
    return wire;
  };
  // As the engine resolves it (train/forward.ts): the output written, else the slot's (`state`), else the main one.
  const resolve = (ref: InputRef, slot: SlotDef | null): ExportWire => {
    const out = wires.get(ref.source);
    if (!out) return fieldWire(ref.source);
    const name = ref.output ?? (slot?.output && own(out, slot.output) ? slot.output : Object.keys(out)[0]);
    return own(out, name) ?? fail('E_ARGUMENT', `layer "${ref.source}" exports no output \`${name}\``);
  };
  model.layers.forEach((layer, i) => {
    try {
      wires.set(layer.name, exportLayer(layer, layers[i], g, resolve));
    } catch (e) {
      throw located(e, layer.name, model.spec.layers[i]?.range ?? null);
    }
  });
  const result = resolve(loss.input, null);
  if (result.kind !== 'tensor') return fail('E_ARGUMENT', `the loss input \`${loss.input.text}\` is a recurrent state, not a tensor`);
  const outName = g.fresh(loss.input.source);
  g.nodes.push({ name: `${loss.input.source}/output`, opType: 'Identity', input: [result.name], output: [outName] });
  const graph: onnx.IGraphProto = { name: model.spec.name, node: g.nodes, initializer: g.initializers, input: inputs, output: [valueInfo(outName, onnx.TensorProto.DataType.FLOAT, null)] };
  const proto: onnx.IModelProto = {
    irVersion: 7,
    producerName: 'backstep',
    opsetImport: [{ domain: '', version: EXPORT_OPSET }],
    graph,
    metadataProps: [
      { key: 'backstep.model', value: model.spec.name },
      { key: 'backstep.step', value: String(info.step) },
    ],
  };
  // The shapes are read back from the graph as written: the importer's rules see exactly what a reader sees.
  const computed = g.nodes.flatMap((n) => n.output ?? []).filter((n) => n !== '');
  const infos = valueInfos(readOnnx(onnx.ModelProto.encode(proto).finish(), `${model.spec.name}.onnx`), fieldShapes, computed);
  graph.valueInfo = [...infos.values()].filter((v) => v.name !== outName);
  graph.output = [infos.get(outName) ?? valueInfo(outName, onnx.TensorProto.DataType.FLOAT, null)];
  return onnx.ModelProto.encode(proto).finish();
}

function exportLayer(layer: InferredLayer, built: ExportLayer, g: OnnxGraph, resolve: (ref: InputRef, slot: SlotDef | null) => ExportWire): Readonly<Record<string, ExportWire>> {
  const prefix = `${layer.name}.`;
  const params = new Map(built.params.map((p) => [p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name, p]));
  const inputs: Record<string, ExportWire[]> = {};
  const slots = layerKind(layer.kind)?.inputs ?? [];
  for (const [slot, refs] of Object.entries(layer.inputs)) inputs[slot] = refs.map((r) => resolve(r, slots.find((s) => s.name === slot) ?? null));
  return EXPORTERS.get(layer.kind)!({ layer, attrs: new Attrs(layer.attrs, layer.name), params, inputs, graph: g });
}

/** A graph input or output: its element type and shape, the first axis `batch` (null shape: left to the reader). */
function valueInfo(name: string, elemType: number, shape: readonly number[] | null): onnx.IValueInfoProto {
  const dim = shape?.map((d, axis) => (axis === 0 ? { dimParam: 'batch' } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, ...(dim ? { shape: { dim } } : {}) } } };
}
