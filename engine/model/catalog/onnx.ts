import { fileBytes } from '../files';
import { importGraph, type OnnxModel } from '../../onnx/import';
import { readOnnx, type OnnxGraph } from '../../onnx/read';
import { BackstepError } from '../../errors';
import { sameShape } from '../../tensor/shape';
import type { InputRef } from '../spec';
import { fmt, one } from './shapes';
import { ShapeIssue, X_SLOT, type LayerKindDef, type ShapeContext, type Value } from './types';

/**
 * `- onnx: { file: encoder.onnx, output: logits, inputs: { attention_mask: mask } }`: a model
 * exported from PyTorch, run op by op as one layer (engine/onnx). The file is read through the
 * data-files seam (model/files.ts); the graph is imported while the model file is checked, for the
 * shapes its data feeds, so every problem in it is a diagnostic at `file:` (or at the `inputs:` name).
 *
 * Which data feeds which graph input: `inputs:` maps graph input names to layers or data fields;
 * a graph input it does not name reads, the first one, the layer's `input` (the previous layer or the
 * data input), any other, the data field of its own name, else zeros when it is a float input of a
 * fixed shape (a recurrent net's initial states h0, c0, as in PyTorch without them).
 */
const INPUTS_SLOT = 'inputs';

const onnxLayer: LayerKindDef = {
  kind: 'onnx',
  family: 'dense',
  doc: 'An ONNX model exported from PyTorch (torch.onnx.export, opsets 13–17), run op by op: every node is an op of the debugger, scoped by its module path, and its weights are parameters with gradients.',
  formula: 'y = f_{\\text{ONNX}}(x;\\ \\theta)',
  attrs: {
    file: { type: { kind: 'string' }, required: true, doc: 'the .onnx file, relative to the model file' },
    output: { type: { kind: 'string' }, default: '', doc: 'the graph output that feeds the loss (default: the first)' },
  },
  inputs: [
    { ...X_SLOT, doc: 'what feeds the first graph input (default: the previous layer or the data input)' },
    {
      name: INPUTS_SLOT,
      doc: 'graph input name → layer or data field, e.g. `{ input_ids: tokens, attention_mask: mask }` (default: the first graph input reads `input`, the others the data field of their own name)',
      variadic: true,
      keyed: true,
      optional: true,
    },
  ],
  outputs: [{ name: 'out', doc: 'the chosen graph output' }],
  shape(ctx) {
    const { model, added } = imported(ctx);
    const output = outputName(model, ctx.attrs.output as string);
    const shape = model.shapes.get(output)!;
    const params: Record<string, readonly number[]> = {};
    for (const p of model.params) params[p.name] = p.shape;
    return { outputs: { out: { kind: 'float', shape } }, params, imported: model, ...(added.refs.length ? { added } : {}) };
  },
};

interface Bound {
  readonly shapes: Map<string, readonly number[]>;
  readonly added: { readonly slot: string; readonly refs: InputRef[]; readonly values: Value[] };
}

function imported(ctx: ShapeContext): { model: OnnxModel; added: Bound['added'] } {
  const file = ctx.attrs.file as string;
  const bytes = fileBytes(ctx.files, file);
  if (!bytes.ok) throw new ShapeIssue(`cannot read "${file}": ${bytes.message}`, { attr: 'file' });
  let model: OnnxModel;
  let bound: Bound;
  try {
    const graph = readOnnx(bytes.bytes, file);
    bound = bindInputs(ctx, graph);
    model = importGraph(graph, { inputShapes: bound.shapes });
  } catch (e) {
    if (e instanceof ShapeIssue) throw e;
    throw new ShapeIssue(e instanceof BackstepError ? e.message : String(e), { attr: 'file' });
  }
  return { model, added: bound.added };
}

/**
 * The shape each graph input is fed, from what `inputs:` names, the layer's `input` (the first graph
 * input) or the data field of the graph input's name. A name the graph lacks, or a shape other than
 * the declared one, is an issue at the name in `inputs:`; a graph input nothing feeds, at the layer.
 * (Other shapes than declared are the importer's to report, at `file:`.)
 */
function bindInputs(ctx: ShapeContext, graph: OnnxGraph): Bound {
  const file = graph.file;
  const names = graph.inputs.map((v) => v.name);
  const listed = names.length ? names.join(', ') : 'none';
  const refs = ctx.refs?.[INPUTS_SLOT] ?? [];
  const values = (ctx.inputs[INPUTS_SLOT] as readonly Value[] | undefined) ?? [];
  const written = new Map<string, Value>();
  refs.forEach((r, i) => {
    const key = r.key?.name ?? r.source;
    if (!names.includes(key)) throw new ShapeIssue(`"${file}" has no graph input \`${key}\`; its graph inputs are ${listed}`, { slot: INPUTS_SLOT, key });
    written.set(key, values[i]);
  });
  const first = names[0];
  const explicitInput = ctx.refs?.input?.some((r) => !r.implicit);
  if (first !== undefined && written.has(first) && explicitInput) {
    throw new ShapeIssue(`\`input\` and \`inputs: { ${first}: … }\` both feed the first graph input \`${first}\`; write one`, { slot: INPUTS_SLOT, key: first });
  }
  const added: Bound['added'] = { slot: INPUTS_SLOT, refs: [], values: [] };
  const shapes = new Map<string, readonly number[]>();
  graph.inputs.forEach((v, i) => {
    const field = ctx.fields?.[v.name];
    const fixed = v.shape?.every((d): d is number => typeof d === 'number') ? v.shape : null;
    const value = written.get(v.name) ?? (i === 0 ? one(ctx, 'input') : field);
    if (!value && fixed && v.dtype === 'float') return;
    if (!value) {
      const fields = Object.keys(ctx.fields ?? {}).join(', ') || 'none';
      throw new ShapeIssue(`nothing feeds the graph input \`${v.name}\` of "${file}": write \`inputs: { ${v.name}: <data field> }\` (the data fields are ${fields}), or give the data a field \`${v.name}\``);
    }
    if (!written.has(v.name) && i > 0) {
      const range = ctx.refs?.input?.[0]?.range ?? refs[0]?.range;
      if (range) {
        added.refs.push({ text: v.name, source: v.name, range, implicit: true, key: { name: v.name, range } });
        added.values.push(value);
      }
    }
    if (fixed && written.has(v.name) && !sameShape(fixed, value.shape)) {
      throw new ShapeIssue(`the graph input \`${v.name}\` of "${file}" is ${fmt(fixed)}, but what \`inputs:\` names is ${fmt(value.shape)}`, { slot: INPUTS_SLOT, key: v.name });
    }
    shapes.set(v.name, value.shape);
  });
  return { shapes, added };
}

function outputName(model: OnnxModel, written: string): string {
  const outputs = model.graph.outputs.map((o) => o.name);
  if (!written) return outputs[0];
  if (model.shapes.has(written)) return written;
  throw new ShapeIssue(`"${model.file}" has no value \`${written}\`; its graph outputs are ${outputs.join(', ')}`, { attr: 'output' });
}

export const ONNX_LAYERS: readonly LayerKindDef[] = [onnxLayer];
