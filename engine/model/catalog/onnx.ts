import { fileBytes } from '../files';
import { importOnnx, type OnnxModel } from '../../onnx/import';
import { BackstepError } from '../../errors';
import { one } from './shapes';
import { ShapeIssue, X_SLOT, type LayerKindDef, type ShapeContext } from './types';

/**
 * `- onnx: { file: encoder.onnx, output: logits }`: a model exported from PyTorch, run op by op as
 * one layer (engine/onnx). The file is read through the data-files seam (model/files.ts); the graph is
 * imported while the model file is checked, for the shapes its data feeds, so every problem in it is a
 * diagnostic at `file:`.
 */
const onnxLayer: LayerKindDef = {
  kind: 'onnx',
  family: 'dense',
  doc: 'An ONNX model exported from PyTorch (torch.onnx.export, opsets 13–17), run op by op: every node is an op of the debugger, scoped by its module path, and its weights are parameters with gradients.',
  formula: 'y = f_{\\text{ONNX}}(x;\\ \\theta)',
  attrs: {
    file: { type: { kind: 'string' }, required: true, doc: 'the .onnx file, relative to the model file' },
    output: { type: { kind: 'string' }, default: '', doc: 'the graph output that feeds the loss (default: the first)' },
  },
  inputs: [{ ...X_SLOT, doc: 'what feeds the graph input (default: the previous layer or the data input)' }],
  outputs: [{ name: 'out', doc: 'the chosen graph output' }],
  shape(ctx) {
    const model = imported(ctx);
    const output = outputName(model, ctx.attrs.output as string);
    const shape = model.shapes.get(output)!;
    const params: Record<string, readonly number[]> = {};
    for (const p of model.params) params[p.name] = p.shape;
    return { outputs: { out: { kind: 'float', shape } }, params, imported: model };
  },
};

function imported(ctx: ShapeContext): OnnxModel {
  const file = ctx.attrs.file as string;
  const bytes = fileBytes(ctx.files, file);
  if (!bytes.ok) throw new ShapeIssue(`cannot read "${file}": ${bytes.message}`, { attr: 'file' });
  const x = one(ctx, 'input');
  let model: OnnxModel;
  try {
    model = importOnnx(bytes.bytes, file, { firstInputShape: x.shape });
  } catch (e) {
    throw new ShapeIssue(e instanceof BackstepError ? e.message : String(e), { attr: 'file' });
  }
  const unfed = model.inputs.slice(1).filter((i) => i.dtype !== 'float');
  if (unfed.length) {
    throw new ShapeIssue(`"${file}" has graph inputs beyond the first that are not float (${unfed.map((i) => `${i.name}: ${i.dtype}`).join(', ')}); an onnx layer feeds its first input and zeros to the others`, { attr: 'file' });
  }
  return model;
}

function outputName(model: OnnxModel, written: string): string {
  const outputs = model.graph.outputs.map((o) => o.name);
  if (!written) return outputs[0];
  if (model.shapes.has(written)) return written;
  throw new ShapeIssue(`"${model.file}" has no value \`${written}\`; its graph outputs are ${outputs.join(', ')}`, { attr: 'output' });
}

export const ONNX_LAYERS: readonly LayerKindDef[] = [onnxLayer];
