import type { Optimizer } from '../optim/optimizer';
import type { Tensor } from '../tensor/tensor';
import type { TensorToWrite } from './safetensorsWrite';
import { layerTensors, type Block, type ParamShapes, type TorchTensor } from './torchNames';

/**
 * A model's parameters (or their gradients) as named tensors for a safetensors file, with PyTorch's
 * names and layouts where ./torchNames.ts has a row for the layer's kind. A layer without a PyTorch
 * twin keeps Backstep's names; why is written in the metadata (`<layer>`: the reason).
 */
export interface LayerParams {
  readonly name: string;
  readonly kind: string;
  readonly params: readonly Tensor[];
}

export interface WeightsOut {
  readonly tensors: TensorToWrite[];
  readonly metadata: Record<string, string>;
}

/** `values`: the parameters; `grads`: ∂L/∂parameter as the last backward pass left them (0 where none reached). */
export function weightTensors(layers: readonly LayerParams[], what: 'values' | 'grads'): WeightsOut {
  const tensors: TensorToWrite[] = [];
  const metadata: Record<string, string> = {};
  for (const layer of layers) {
    const byKey = paramsByKey(layer);
    const shapes: ParamShapes = new Map([...byKey].map(([k, t]) => [k, t.shape]));
    let mapped = layerTensors(layer.kind, shapes);
    if ('refused' in mapped) {
      metadata[layer.name] = mapped.refused;
      mapped = [...byKey.keys()].map((k) => ({ torch: k, blocks: [{ param: k }] }));
    }
    const source = (key: string) => {
      const t = byKey.get(key)!;
      return what === 'values' ? t : (t.grad ?? null);
    };
    for (const t of mapped) tensors.push(assemble(layer.name, t, source, shapes, what, byKey));
  }
  return { tensors, metadata };
}

/** Optimizer state under Backstep's names, `optimizer/<slot>/<parameter>`, and each parameter's step count in the metadata. */
export function optimizerTensors(optimizer: Optimizer): WeightsOut {
  const tensors: TensorToWrite[] = [];
  const metadata: Record<string, string> = {};
  optimizer.params.forEach((_, i) => {
    const s = optimizer.stateOf(i);
    metadata[`optimizer/step/${s.name}`] = String(s.step);
    for (const [slot, t] of s.buffers) tensors.push({ name: `optimizer/${slot}/${s.name}`, dtype: dtypeOf(t), shape: t.shape, data: t.data });
  });
  return { tensors, metadata };
}

function paramsByKey(layer: LayerParams): Map<string, Tensor> {
  const prefix = `${layer.name}.`;
  return new Map(layer.params.map((p) => [p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name, p]));
}

function dtypeOf(t: Tensor): 'F64' | 'F32' {
  return t.dtype === 'float32' ? 'F32' : 'F64';
}

/** The blocks stacked along the first axis; a `sumOf` bias is 0 (values) or the shared gradient (grads). */
function assemble(layer: string, t: TorchTensor, source: (key: string) => Tensor | null, shapes: ParamShapes, what: 'values' | 'grads', byKey: ReadonlyMap<string, Tensor>): TensorToWrite {
  const first = byKey.get(t.blocks[0].param)!;
  const parts = t.blocks.map((b) => blockValues(b, source(b.param), shapes.get(b.param)!));
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const data = new Float64Array(parts.reduce((n, p) => n + p.values.length, 0));
  if (!(t.sumOf && what === 'values')) {
    let at = 0;
    for (const p of parts) {
      data.set(p.values, at);
      at += p.values.length;
    }
  }
  const shape = first.shape.length === 0 ? [] : [rows, ...blockShape(t.blocks[0], first.shape).slice(1)];
  return { name: `${layer}.${t.torch}`, dtype: dtypeOf(first), shape, data };
}

export function blockShape(b: Block, shape: readonly number[]): readonly number[] {
  return b.cols ? [shape[0], b.cols[1] - b.cols[0]] : shape;
}

/** A block's values in row-major order (zeros for a parameter no gradient reached). */
function blockValues(b: Block, t: Tensor | null, shape: readonly number[]): { rows: number; values: Float64Array } {
  const out = blockShape(b, shape);
  const size = out.reduce((a, d) => a * d, 1);
  const values = new Float64Array(size);
  if (t) {
    if (!b.cols) values.set(t.data);
    else {
      const [from, to] = b.cols;
      const width = shape[1];
      for (let r = 0; r < shape[0]; r++) values.set(t.data.subarray(r * width + from, r * width + to), r * (to - from));
    }
  }
  return { rows: shape.length === 0 ? 1 : shape[0], values };
}
